# shellcheck shell=bash
# Shared functions for create-certs.sh and rotate-certs.sh. Source it; do not
# run it.
#
# Files kept in the output directory (keep it private, it holds the CA key):
#   ca.crt, ca.key         current CA
#   ca-old.crt, ca-old.key previous CA while a CA rotation is in progress
#   ca-bundle.crt          what the webhooks trust (caBundle)
#   tls.crt, tls.key       serving certificate and key (the Secret content)

# Defaults shared by both scripts; options override them.
NAMESPACE="podpreset-system"
SERVICE="podpreset-injector"
SECRET="podpreset-injector-tls"
WEBHOOK_CONFIG="podpreset-injector"
OUT_DIR="./podpreset-certs"
DAYS=365
CA_DAYS=3650
USE_KUBECTL=1
# Empty: a third of DAYS, as the controller renews at two thirds of the life.
RENEW_BEFORE_DAYS=""

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

need_value() { # option, remaining-arg-count
  [[ "$2" -ge 2 ]] || die "option $1 needs a value (see --help)"
}

require_tools() {
  command -v openssl >/dev/null 2>&1 || die "openssl is required"
  if [[ "$USE_KUBECTL" -eq 1 ]]; then
    command -v kubectl >/dev/null 2>&1 || die "kubectl is required (or pass --no-kubectl)"
  fi
}

validate_days() {
  [[ "$DAYS" =~ ^[1-9][0-9]*$ ]] || die "--days must be a positive integer, got '$DAYS'"
}

# 128-bit random serial as hex.
random_serial() { printf '0x%s' "$(openssl rand -hex 16)"; }

# gen_ca <cert-out> <key-out> <days>
gen_ca() {
  local crt="$1" key="$2" days="$3" ext
  ext="$(mktemp)"
  cat >"$ext" <<EXT
[req]
distinguished_name = dn
prompt = no
[dn]
CN = podpreset-injector-ca $(date -u +%Y%m%d%H%M%S)
[v3_ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
EXT
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$key" 2>/dev/null
  chmod 600 "$key"
  openssl req -x509 -new -key "$key" -sha256 -days "$days" -set_serial "$(random_serial)" \
    -config "$ext" -extensions v3_ca -out "$crt"
  rm -f "$ext"
}

# gen_serving_cert <ca-crt> <ca-key> <cert-out> <key-out> <days>
# Uses SERVICE and NAMESPACE for the DNS names.
gen_serving_cert() {
  local ca_crt="$1" ca_key="$2" crt="$3" key="$4" days="$5" ext csr
  ext="$(mktemp)"
  csr="$(mktemp)"
  cat >"$ext" <<EXT
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid
subjectAltName = @alt_names
[alt_names]
DNS.1 = ${SERVICE}
DNS.2 = ${SERVICE}.${NAMESPACE}
DNS.3 = ${SERVICE}.${NAMESPACE}.svc
DNS.4 = ${SERVICE}.${NAMESPACE}.svc.cluster.local
EXT
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key" 2>/dev/null
  chmod 600 "$key"
  openssl req -new -key "$key" -subj "/CN=${SERVICE}.${NAMESPACE}.svc" -out "$csr"
  openssl x509 -req -in "$csr" -CA "$ca_crt" -CAkey "$ca_key" -set_serial "$(random_serial)" \
    -sha256 -days "$days" -extfile "$ext" -out "$crt" 2>/dev/null
  rm -f "$ext" "$csr"
  openssl verify -CAfile "$ca_crt" "$crt" >/dev/null || die "new serving certificate does not verify against $ca_crt"
}

# Issues tls.crt/tls.key in the output directory from its CA; the old pair is
# replaced only once the new one is complete.
issue_serving_cert() {
  log "issuing serving certificate for ${SERVICE}.${NAMESPACE}.svc"
  gen_serving_cert "$OUT_DIR/ca.crt" "$OUT_DIR/ca.key" "$OUT_DIR/tls.crt.new" "$OUT_DIR/tls.key.new" "$DAYS"
  mv -f "$OUT_DIR/tls.key.new" "$OUT_DIR/tls.key"
  mv -f "$OUT_DIR/tls.crt.new" "$OUT_DIR/tls.crt"
  describe_cert "$OUT_DIR/tls.crt"
}

# Whether a certificate file has the Service's DNS names (SERVICE, NAMESPACE).
cert_is_for_service() {
  openssl x509 -in "$1" -noout -text | grep -q "DNS:${SERVICE}\.${NAMESPACE}\.svc,"
}

# Prints why tls.crt/tls.key of the output directory cannot be kept (nothing
# when they can): missing, not from ca.crt, key mismatch, other DNS names, or
# expiring within RENEW_BEFORE_DAYS days.
serving_cert_problem() {
  local crt="$OUT_DIR/tls.crt" key="$OUT_DIR/tls.key"
  if [[ ! -f "$crt" || ! -f "$key" ]]; then
    echo "there is none"
  elif ! openssl verify -CAfile "$OUT_DIR/ca.crt" "$crt" >/dev/null 2>&1; then
    echo "tls.crt is not signed by ca.crt"
  elif [[ "$(openssl x509 -in "$crt" -noout -pubkey)" != "$(openssl pkey -in "$key" -pubout 2>/dev/null)" ]]; then
    echo "tls.key does not belong to tls.crt"
  elif ! cert_is_for_service "$crt"; then
    echo "tls.crt is not for ${SERVICE}.${NAMESPACE}.svc"
  elif ! openssl x509 -in "$crt" -noout -checkend "$((RENEW_BEFORE_DAYS * 86400))" >/dev/null; then
    echo "tls.crt expires within ${RENEW_BEFORE_DAYS} days"
  fi
}

# Prints what the cluster holds under the Secret's name: absent, present, or
# managed (it has ca.key: the controller's self-managed certificates, or a
# hand-over). Always absent with --no-kubectl.
cluster_secret_state() {
  local out
  local -a found
  if [[ "$USE_KUBECTL" -ne 1 ]]; then
    echo absent
    return
  fi
  out="$(kubectl get secret "$SECRET" --namespace "$NAMESPACE" --ignore-not-found \
    -o jsonpath='{.metadata.name}{" "}{.data.ca\.key}')" || die "cannot read Secret $NAMESPACE/$SECRET"
  read -r -a found <<<"$out"
  if [[ "${#found[@]}" -eq 0 ]]; then
    echo absent
  elif [[ "${#found[@]}" -gt 1 ]]; then
    echo managed
  else
    echo present
  fi
}

# Writes ca-bundle.crt from the given CA certificate files (in order).
write_ca_bundle() {
  local f
  : >"$OUT_DIR/ca-bundle.crt"
  for f in "$@"; do cat "$f" >>"$OUT_DIR/ca-bundle.crt"; done
}

# Creates or updates the kubernetes.io/tls Secret from tls.crt/tls.key.
apply_tls_secret() {
  [[ "$USE_KUBECTL" -eq 1 ]] || return 0
  log "applying Secret $NAMESPACE/$SECRET"
  kubectl create secret tls "$SECRET" --namespace "$NAMESPACE" \
    --cert "$OUT_DIR/tls.crt" --key "$OUT_DIR/tls.key" --dry-run=client -o yaml |
    kubectl apply -f -
}

# Sets clientConfig.caBundle of every webhook in both configurations to
# ca-bundle.crt.
patch_ca_bundle() {
  [[ "$USE_KUBECTL" -eq 1 ]] || return 0
  local bundle kind count i patch
  bundle="$(base64 <"$OUT_DIR/ca-bundle.crt" | tr -d '\n')"
  for kind in mutatingwebhookconfiguration validatingwebhookconfiguration; do
    count="$(kubectl get "$kind" "$WEBHOOK_CONFIG" -o jsonpath='{range .webhooks[*]}{.name}{"\n"}{end}' | grep -c .)" ||
      die "$kind/$WEBHOOK_CONFIG not found or has no webhooks (apply k8s/ first)"
    patch="["
    for ((i = 0; i < count; i++)); do
      [[ $i -gt 0 ]] && patch+=","
      patch+="{\"op\":\"add\",\"path\":\"/webhooks/$i/clientConfig/caBundle\",\"value\":\"$bundle\"}"
    done
    patch+="]"
    log "patching caBundle into $count webhook(s) of $kind/$WEBHOOK_CONFIG"
    kubectl patch "$kind" "$WEBHOOK_CONFIG" --type=json -p "$patch" >/dev/null
  done
}

# Prints subject, serial and expiry of a certificate.
describe_cert() {
  openssl x509 -in "$1" -noout -subject -serial -enddate | sed 's/^/  /' >&2
}

# Handles the options both scripts share. Sets SHIFT_BY to the number of
# arguments consumed and returns 0, or returns 1 if "$1" is not a common option.
parse_common_option() {
  SHIFT_BY=2
  case "$1" in
    --namespace) need_value "$1" "$#"; NAMESPACE="$2" ;;
    --service) need_value "$1" "$#"; SERVICE="$2" ;;
    --secret) need_value "$1" "$#"; SECRET="$2" ;;
    --webhook-config) need_value "$1" "$#"; WEBHOOK_CONFIG="$2" ;;
    --out-dir) need_value "$1" "$#"; OUT_DIR="$2" ;;
    --days) need_value "$1" "$#"; DAYS="$2" ;;
    --no-kubectl) SHIFT_BY=1; USE_KUBECTL=0 ;;
    *) return 1 ;;
  esac
}

COMMON_OPTIONS_HELP="  --namespace NS          namespace of the injector (default: podpreset-system)
  --service NAME          Service name, used for the certificate DNS names
                          (default: podpreset-injector)
  --secret NAME           kubernetes.io/tls Secret to write (default: podpreset-injector-tls)
  --webhook-config NAME   name of the Mutating- and ValidatingWebhookConfiguration
                          (default: podpreset-injector)
  --out-dir DIR           where the CA and certificates are kept (default: ./podpreset-certs)
  --days N                validity of the serving certificate in days (default: 365)
  --no-kubectl            only write files; do not touch the cluster
  -h, --help              show this help"
