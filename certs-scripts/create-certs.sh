#!/usr/bin/env bash
# Creates a CA and a serving certificate for the podpreset-injector webhook,
# stores them as the TLS Secret and sets the webhooks' caBundle.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<HELP
Usage: ${0##*/} [options]

Creates a CA (valid ${CA_DAYS} days) and a serving certificate signed by it
with the DNS names SERVICE, SERVICE.NS, SERVICE.NS.svc and
SERVICE.NS.svc.cluster.local in the output directory. Then, unless
--no-kubectl is given, creates or updates the kubernetes.io/tls Secret and
patches the CA into clientConfig.caBundle of every webhook of the
MutatingWebhookConfiguration and ValidatingWebhookConfiguration.

Refuses to overwrite an existing CA in the output directory (use --force);
use rotate-certs.sh to renew certificates.

Options:
${COMMON_OPTIONS_HELP}
  --force                 replace an existing CA in the output directory
HELP
}

FORCE=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --force) FORCE=1; shift ;;
    *)
      parse_common_option "$@" || die "unknown option: $1 (see --help)"
      shift "$SHIFT_BY"
      ;;
  esac
done

validate_days
require_tools
mkdir -p "$OUT_DIR"
if [[ -e "$OUT_DIR/ca.key" && "$FORCE" -ne 1 ]]; then
  die "$OUT_DIR/ca.key exists; use rotate-certs.sh to renew, or --force to start over"
fi

log "creating CA in $OUT_DIR"
gen_ca "$OUT_DIR/ca.crt" "$OUT_DIR/ca.key" "$CA_DAYS"
rm -f "$OUT_DIR/ca-old.crt" "$OUT_DIR/ca-old.key"
write_ca_bundle "$OUT_DIR/ca.crt"

log "creating serving certificate for ${SERVICE}.${NAMESPACE}.svc"
gen_serving_cert "$OUT_DIR/ca.crt" "$OUT_DIR/ca.key" "$OUT_DIR/tls.crt" "$OUT_DIR/tls.key" "$DAYS"
describe_cert "$OUT_DIR/tls.crt"

apply_tls_secret
patch_ca_bundle
log "done"
