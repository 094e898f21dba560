{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "podpreset-injector.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name for objects: the release name, unless it does not contain the chart name. */}}
{{- define "podpreset-injector.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "podpreset-injector.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels: stable across upgrades. */}}
{{- define "podpreset-injector.selectorLabels" -}}
app.kubernetes.io/name: {{ include "podpreset-injector.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels for every object, including extraLabels. */}}
{{- define "podpreset-injector.labels" -}}
{{ include "podpreset-injector.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: podpreset-injector
helm.sh/chart: {{ include "podpreset-injector.chart" . }}
{{- with .Values.extraLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "podpreset-injector.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Name of the kubernetes.io/tls Secret the pods mount. */}}
{{- define "podpreset-injector.tlsSecretName" -}}
{{- if eq .Values.certificates.mode "existingSecret" }}
{{- required "certificates.existingSecret.name is required when certificates.mode is existingSecret" .Values.certificates.existingSecret.name }}
{{- else }}
{{- printf "%s-tls" (include "podpreset-injector.fullname" .) }}
{{- end }}
{{- end }}

{{/* cert-manager object names. */}}
{{- define "podpreset-injector.servingCertificateName" -}}
{{- include "podpreset-injector.fullname" . }}
{{- end }}

{{/* DNS names of the webhook Service. */}}
{{- define "podpreset-injector.dnsNames" -}}
{{- $svc := include "podpreset-injector.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.cluster.local" $svc $ns) | toJson }}
{{- end }}

{{/*
Certificates for certificates.mode=generated, as JSON {ca, crt, key} (PEM).
On upgrade the existing Secret is reused (lookup), so certificates do not
change on every upgrade. The lookup is done on upgrade only: on install there
is nothing to reuse, and offline rendering never needs a cluster. The result is memoised in .Values so that the Secret
and both webhook configurations (separate templates) get the same CA.
*/}}
{{- define "podpreset-injector.generatedCerts" -}}
{{- if not (hasKey .Values "__generatedCerts") }}
{{- $certs := dict }}
{{- $existing := dict }}
{{- if .Release.IsUpgrade }}
{{- $existing = lookup "v1" "Secret" .Release.Namespace (include "podpreset-injector.tlsSecretName" .) }}
{{- end }}
{{- $oldCa := dig "data" "ca.crt" "" $existing }}
{{- $oldCrt := dig "data" "tls.crt" "" $existing }}
{{- $oldKey := dig "data" "tls.key" "" $existing }}
{{- if and $oldCa $oldCrt $oldKey }}
{{- $_ := set $certs "ca" ($oldCa | b64dec) }}
{{- $_ := set $certs "crt" ($oldCrt | b64dec) }}
{{- $_ := set $certs "key" ($oldKey | b64dec) }}
{{- else }}
{{- $cfg := .Values.certificates.generated }}
{{- $fullname := include "podpreset-injector.fullname" . }}
{{- $ca := genCA (printf "%s-ca" $fullname) (int $cfg.caDays) }}
{{- $dnsNames := include "podpreset-injector.dnsNames" . | fromJsonArray }}
{{- $cert := genSignedCert (printf "%s.%s.svc" $fullname .Release.Namespace) nil $dnsNames (int $cfg.certDays) $ca }}
{{- $_ := set $certs "ca" $ca.Cert }}
{{- $_ := set $certs "crt" $cert.Cert }}
{{- $_ := set $certs "key" $cert.Key }}
{{- end }}
{{- $_ := set .Values "__generatedCerts" $certs }}
{{- end }}
{{- toJson (get .Values "__generatedCerts") }}
{{- end }}

{{/* caBundle (base64) for the webhooks, or empty when cert-manager injects it. */}}
{{- define "podpreset-injector.caBundle" -}}
{{- if eq .Values.certificates.mode "generated" }}
{{- (include "podpreset-injector.generatedCerts" . | fromJson).ca | b64enc }}
{{- else if eq .Values.certificates.mode "existingSecret" }}
{{- required "certificates.existingSecret.caBundle is required when certificates.mode is existingSecret" .Values.certificates.existingSecret.caBundle }}
{{- end }}
{{- end }}

{{/* Annotations of both webhook configurations. */}}
{{- define "podpreset-injector.webhookAnnotations" -}}
{{- if eq .Values.certificates.mode "certManager" }}
cert-manager.io/inject-ca-from: {{ printf "%s/%s" .Release.Namespace (include "podpreset-injector.servingCertificateName" .) }}
{{- end }}
{{- end }}

{{/* clientConfig of a webhook; argument: dict "ctx" $ "path" "/mutate". */}}
{{- define "podpreset-injector.clientConfig" -}}
{{- $caBundle := include "podpreset-injector.caBundle" .ctx -}}
clientConfig:
  service:
    name: {{ include "podpreset-injector.fullname" .ctx }}
    namespace: {{ .ctx.Release.Namespace }}
    path: {{ .path }}
    port: 443
  {{- with $caBundle }}
  caBundle: {{ . }}
  {{- end }}
{{- end }}

{{/* Renders a LabelSelector, leaving out empty parts. */}}
{{- define "podpreset-injector.labelSelector" -}}
{{- with .matchLabels }}
matchLabels:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .matchExpressions }}
matchExpressions:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
