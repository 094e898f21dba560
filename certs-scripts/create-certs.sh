#!/usr/bin/env bash
# Creates a CA and a serving certificate for the podpreset-injector webhook,
# stores them as the TLS Secret and sets the webhooks' caBundle. Safe to run
# again: what is still valid is kept.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<HELP
Usage: ${0##*/} [options]

For the plain manifests with script-made certificates (k8s/script-certificates;
the default k8s/ lets the controller manage them). Creates a CA (valid
${CA_DAYS} days) and a serving certificate signed by it with the DNS names
SERVICE, SERVICE.NS, SERVICE.NS.svc and SERVICE.NS.svc.cluster.local in the
output directory. Then, unless --no-kubectl is given, creates or updates the
kubernetes.io/tls Secret and patches the CA into clientConfig.caBundle of every
webhook of the MutatingWebhookConfiguration and ValidatingWebhookConfiguration.

Running it again is safe and changes no certificate that is still good:
  - a CA in the output directory is kept; a serving certificate that is signed
    by it, matches its key, has these DNS names and is valid for more than
    --renew-before days is kept too, otherwise a new one is issued from the same
    CA (caBundle does not change, so nothing fails while the pods reload);
  - the Secret and caBundle are then written again from the files (this
    restores a caBundle that 'kubectl apply -k' reset);
  - it refuses, and changes nothing, when the CA expires within --days days,
    before a serving certificate it signs (rotate-certs.sh --rotate-ca replaces
    it without downtime), when the
    output directory has no CA but the Secret exists (made with another
    --out-dir), and when the controller manages the Secret (it holds ca.key).
--force starts over with a new CA instead: webhook calls fail until every pod
serves the new certificate (about a minute).

Options:
${COMMON_OPTIONS_HELP}
  --renew-before DAYS     renew a serving certificate that expires within DAYS
                          days (default: a third of --days, 121 for 365)
  --force                 create a new CA even if one exists
HELP
}

FORCE=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --force) FORCE=1; shift ;;
    --renew-before) need_value "$1" "$#"; RENEW_BEFORE_DAYS="$2"; shift 2 ;;
    *)
      parse_common_option "$@" || die "unknown option: $1 (see --help)"
      shift "$SHIFT_BY"
      ;;
  esac
done

validate_days
RENEW_BEFORE_DAYS="${RENEW_BEFORE_DAYS:-$((DAYS / 3))}"
[[ "$RENEW_BEFORE_DAYS" =~ ^[0-9]+$ ]] || die "--renew-before must be a number of days, got '$RENEW_BEFORE_DAYS'"
[[ "$RENEW_BEFORE_DAYS" -lt "$DAYS" ]] ||
  die "--renew-before ($RENEW_BEFORE_DAYS) must be less than --days ($DAYS), or every run issues a new certificate"
require_tools
mkdir -p "$OUT_DIR"

new_ca() {
  log "creating CA in $OUT_DIR"
  gen_ca "$OUT_DIR/ca.crt" "$OUT_DIR/ca.key" "$CA_DAYS"
  rm -f "$OUT_DIR/ca-old.crt" "$OUT_DIR/ca-old.key"
  write_ca_bundle "$OUT_DIR/ca.crt"
}

secret_state="$(cluster_secret_state)"
if [[ "$secret_state" == managed && "$FORCE" -ne 1 ]]; then
  die "Secret $NAMESPACE/$SECRET holds ca.key: the controller manages it (self-managed certificates, the default of k8s/ and the chart); use k8s/script-certificates for script-made ones, or --force"
fi

if [[ "$FORCE" -eq 1 ]]; then
  if [[ -e "$OUT_DIR/ca.key" || "$secret_state" != absent ]]; then
    log "warning: --force replaces the CA: webhook calls fail until every pod serves the new certificate;"
    log "warning: rotate-certs.sh --rotate-ca replaces a CA without that"
  fi
  new_ca
  issue_serving_cert
elif [[ -e "$OUT_DIR/ca.key" || -e "$OUT_DIR/ca.crt" ]]; then
  [[ -f "$OUT_DIR/ca.key" && -f "$OUT_DIR/ca.crt" ]] || die "$OUT_DIR has only one of ca.crt and ca.key"
  openssl x509 -in "$OUT_DIR/ca.crt" -noout -checkend "$((DAYS * 86400))" >/dev/null ||
    die "the CA in $OUT_DIR expires within ${DAYS} days, before a serving certificate it signs: replace it with rotate-certs.sh --rotate-ca (no downtime), or start over with --force"
  if [[ ! -f "$OUT_DIR/ca-bundle.crt" ]]; then
    if [[ -f "$OUT_DIR/ca-old.crt" ]]; then
      write_ca_bundle "$OUT_DIR/ca.crt" "$OUT_DIR/ca-old.crt"
    else
      write_ca_bundle "$OUT_DIR/ca.crt"
    fi
  fi
  problem="$(serving_cert_problem)"
  if [[ -z "$problem" ]]; then
    log "keeping the CA and the serving certificate in $OUT_DIR (valid for more than ${RENEW_BEFORE_DAYS} days)"
    describe_cert "$OUT_DIR/tls.crt"
  else
    log "keeping the CA in $OUT_DIR; new serving certificate: $problem"
    issue_serving_cert
  fi
else
  [[ "$secret_state" == absent ]] ||
    die "Secret $NAMESPACE/$SECRET exists but $OUT_DIR has no CA: it was made with another --out-dir; pass that one (a new CA would break the webhooks until the pods reload), or --force"
  new_ca
  issue_serving_cert
fi

apply_tls_secret
patch_ca_bundle
log "done"
