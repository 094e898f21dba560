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

{{/* The image of every pod and of the uninstall hook: tag, else the chart's appVersion; a digest wins. */}}
{{- define "podpreset-injector.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
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

{{/* caBundle (base64) for the webhooks: only existingSecret templates it (self-managed and cert-manager inject it). */}}
{{- define "podpreset-injector.caBundle" -}}
{{- if eq .Values.certificates.mode "existingSecret" }}
{{- required "certificates.existingSecret.caBundle is required when certificates.mode is existingSecret" .Values.certificates.existingSecret.caBundle }}
{{- end }}
{{- end }}

{{/* Namespaces the webhook never serves, as JSON: the control plane's and our own. */}}
{{- define "podpreset-injector.excludedNamespaces" -}}
{{- list "kube-system" "kube-public" "kube-node-lease" .Release.Namespace | toJson }}
{{- end }}

{{/* Components: the stateless webhook and the leader-elected controller. */}}
{{- define "podpreset-injector.controllerName" -}}
{{- printf "%s-controller" (include "podpreset-injector.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Labels of one component's pods; argument: dict "ctx" $ "component" "webhook". */}}
{{- define "podpreset-injector.componentSelectorLabels" -}}
{{ include "podpreset-injector.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
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

{{/*
Pod settings both Deployments share: scheduling, pull secrets, security context.
Argument: dict "ctx" $ "component" "webhook".
*/}}
{{- define "podpreset-injector.podSettings" -}}
{{- $v := .ctx.Values }}
{{- with $v.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with $v.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
affinity:
  {{- if $v.affinity }}
  {{- toYaml $v.affinity | nindent 2 }}
  {{- else }}
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          topologyKey: kubernetes.io/hostname
          labelSelector:
            matchLabels:
              {{- include "podpreset-injector.componentSelectorLabels" . | nindent 14 }}
  {{- end }}
{{- with $v.topologySpreadConstraints }}
topologySpreadConstraints:
  {{- range . }}
  - {{ toYaml (merge (dict "labelSelector" (dict "matchLabels" (include "podpreset-injector.componentSelectorLabels" $ | fromYaml))) .) | nindent 4 | trim }}
  {{- end }}
{{- end }}
{{- with $v.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml $v.podSecurityContext | nindent 2 }}
{{- end }}

{{/* Health probes on the management port; readiness waits for the caches to sync. */}}
{{- define "podpreset-injector.probes" -}}
readinessProbe:
  httpGet:
    path: /q/health/ready
    port: management
  periodSeconds: 5
  failureThreshold: 3
livenessProbe:
  httpGet:
    path: /q/health/live
    port: management
  initialDelaySeconds: 10
  periodSeconds: 10
  failureThreshold: 3
{{- end }}

{{/*
Pod labels of a component: the chart's own (selectors and the injection opt-out), which podLabels and
<component>.podLabels may add to but never replace. Argument: dict "ctx" $ "component" "webhook".
*/}}
{{- define "podpreset-injector.podLabels" -}}
{{- $v := .ctx.Values }}
{{- $own := include "podpreset-injector.labels" .ctx | fromYaml }}
{{- $_ := set $own "app.kubernetes.io/component" .component }}
{{- /* The injector must never be asked to mutate its own pods. */}}
{{- $_ := set $own "podpreset.dev/injection" "disabled" }}
{{- toYaml (merge $own (index $v .component).podLabels $v.podLabels) }}
{{- end }}

{{/*
Pod annotations of a component: <component>.podAnnotations over podAnnotations over the Prometheus ones.
Argument: dict "ctx" $ "component" "webhook".
*/}}
{{- define "podpreset-injector.podAnnotations" -}}
{{- $v := .ctx.Values }}
{{- $own := dict }}
{{- if $v.metrics.prometheusAnnotations }}
{{- $own = dict "prometheus.io/scrape" "true" "prometheus.io/port" ($v.managementPort | toString) "prometheus.io/path" "/q/metrics" }}
{{- end }}
{{- with merge (dict) (index $v .component).podAnnotations $v.podAnnotations $own }}
{{- toYaml . }}
{{- end }}
{{- end }}

{{/*
A component's container env: the chart's own variables (argument "env", a YAML list), then extraEnv and
<component>.extraEnv (which replaces an extraEnv entry of the same name). A variable the chart sets is
refused: it has a value of its own. Argument: dict "ctx" $ "component" "webhook" "env" "- name: ...".
*/}}
{{- define "podpreset-injector.env" -}}
{{- $v := .ctx.Values }}
{{- $own := .env | fromYamlArray }}
{{- $componentEnv := (index $v .component).extraEnv }}
{{- $replaced := dict }}
{{- range $componentEnv }}
{{- $_ := set $replaced .name true }}
{{- end }}
{{- $extra := list }}
{{- range $v.extraEnv }}
{{- if not (hasKey $replaced .name) }}
{{- $extra = append $extra . }}
{{- end }}
{{- end }}
{{- $extra = concat $extra $componentEnv }}
{{- $chartSets := dict }}
{{- range $own }}
{{- $_ := set $chartSets .name true }}
{{- end }}
{{- range $extra }}
{{- if hasKey $chartSets .name }}
{{- fail (printf "extraEnv: the chart sets %s for the %s itself; use the chart value that sets it (values.yaml)" .name $.component) }}
{{- end }}
{{- end }}
{{- toYaml (concat $own $extra) }}
{{- end }}

{{/* Ports other than the defaults (8443, 9000), e.g. with hostNetwork. */}}
{{- define "podpreset-injector.portsEnv" -}}
{{- if ne (int .Values.webhook.port) 8443 }}
- name: QUARKUS_HTTP_SSL_PORT
  value: {{ .Values.webhook.port | quote }}
{{- end }}
{{- if ne (int .Values.managementPort) 9000 }}
- name: QUARKUS_MANAGEMENT_PORT
  value: {{ .Values.managementPort | quote }}
{{- end }}
{{- end }}

{{/* Annotations of the pre-delete hook's objects; argument: the hook weight. */}}
{{- define "podpreset-injector.uninstallHookAnnotations" -}}
helm.sh/hook: pre-delete
helm.sh/hook-weight: {{ . | quote }}
helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded,hook-failed
{{- end }}
