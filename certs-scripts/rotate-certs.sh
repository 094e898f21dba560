#!/usr/bin/env bash
# Renews the podpreset-injector serving certificate, optionally rotating the CA
# in two safe steps.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<HELP
Usage: ${0##*/} [options]

Default: issues a new serving certificate with the existing CA from the output
directory and updates the TLS Secret. The caBundle stays valid, so there is no
downtime: kubelet refreshes the mounted Secret within about a minute and the
service reloads the files within its reload period (QUARKUS_TLS_RELOAD_PERIOD).

CA rotation (two runs, at least a few minutes apart):
  --rotate-ca            create a new CA, set caBundle to new + old CA (both
                         trusted), then issue the serving certificate from the
                         new CA and update the Secret.
  --finish-ca-rotation   after the pods serve the new certificate: set caBundle
                         to the new CA only and delete the old CA files.

Switching to the controller's self-managed certificates (k8s/ without
script-certificates), run before applying the new manifests:
  --hand-over            add ca.crt and ca.key to the Secret, so that the
                         controller keeps this CA and serving certificate (and
                         renews them) instead of starting with a new CA. The
                         CA key then lives in the Secret; the output directory
                         is no longer needed.

Options:
${COMMON_OPTIONS_HELP}
  --rotate-ca             start a CA rotation (see above)
  --finish-ca-rotation    finish a CA rotation (see above)
  --hand-over             hand the CA over to the controller (see above)
  --propagation-wait SEC  with --rotate-ca: seconds to wait between updating
                          caBundle and replacing the certificate (default: 10;
                          ignored with --no-kubectl)
HELP
}

MODE="renew"
WAIT_SECONDS=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --rotate-ca) MODE="rotate-ca"; shift ;;
    --finish-ca-rotation) MODE="finish-ca-rotation"; shift ;;
    --hand-over) MODE="hand-over"; shift ;;
    --propagation-wait) need_value "$1" "$#"; WAIT_SECONDS="$2"; shift 2 ;;
    *)
      parse_common_option "$@" || die "unknown option: $1 (see --help)"
      shift "$SHIFT_BY"
      ;;
  esac
done

validate_days
[[ "$WAIT_SECONDS" =~ ^[0-9]+$ ]] || die "--propagation-wait must be a number of seconds"
require_tools
[[ -f "$OUT_DIR/ca.crt" && -f "$OUT_DIR/ca.key" ]] ||
  die "no CA in $OUT_DIR (run create-certs.sh first, or pass --out-dir)"

renew_serving_cert() {
  # Guard against renewing with other --namespace/--service values than the
  # certificate was created with, which would break the webhook.
  if [[ -f "$OUT_DIR/tls.crt" ]] && ! cert_is_for_service "$OUT_DIR/tls.crt"; then
    die "$OUT_DIR/tls.crt is not for ${SERVICE}.${NAMESPACE}.svc; pass the --namespace/--service used with create-certs.sh"
  fi
  issue_serving_cert
  apply_tls_secret
}

case "$MODE" in
  renew)
    renew_serving_cert
    ;;
  rotate-ca)
    [[ ! -e "$OUT_DIR/ca-old.crt" ]] ||
      die "a CA rotation is already in progress; run --finish-ca-rotation first"
    cp -p "$OUT_DIR/ca.crt" "$OUT_DIR/ca-old.crt"
    cp -p "$OUT_DIR/ca.key" "$OUT_DIR/ca-old.key"
    log "creating new CA"
    gen_ca "$OUT_DIR/ca.crt.new" "$OUT_DIR/ca.key.new" "$CA_DAYS"
    mv -f "$OUT_DIR/ca.key.new" "$OUT_DIR/ca.key"
    mv -f "$OUT_DIR/ca.crt.new" "$OUT_DIR/ca.crt"
    # Step 1: trust both CAs before anything is served from the new one.
    write_ca_bundle "$OUT_DIR/ca.crt" "$OUT_DIR/ca-old.crt"
    patch_ca_bundle
    if [[ "$USE_KUBECTL" -eq 1 && "$WAIT_SECONDS" -gt 0 ]]; then
      log "waiting ${WAIT_SECONDS}s for the API servers to pick up the new caBundle"
      sleep "$WAIT_SECONDS"
    fi
    # Step 2: serve a certificate from the new CA.
    renew_serving_cert
    log "CA rotation started. Once the pods serve the new certificate (a few"
    log "minutes: Secret refresh + reload period), run: ${0##*/} --finish-ca-rotation"
    ;;
  finish-ca-rotation)
    [[ -e "$OUT_DIR/ca-old.crt" ]] || die "no CA rotation in progress in $OUT_DIR"
    openssl verify -CAfile "$OUT_DIR/ca.crt" "$OUT_DIR/tls.crt" >/dev/null ||
      die "$OUT_DIR/tls.crt is not signed by the new CA; not removing the old CA"
    if [[ "$USE_KUBECTL" -eq 1 ]]; then
      kubectl get secret "$SECRET" --namespace "$NAMESPACE" -o jsonpath='{.data.tls\.crt}' |
        base64 -d | openssl verify -CAfile "$OUT_DIR/ca.crt" >/dev/null ||
        die "Secret $NAMESPACE/$SECRET does not hold a certificate from the new CA; not removing the old CA"
    fi
    # Step 3: trust only the new CA.
    write_ca_bundle "$OUT_DIR/ca.crt"
    patch_ca_bundle
    rm -f "$OUT_DIR/ca-old.crt" "$OUT_DIR/ca-old.key"
    log "CA rotation finished; only the new CA is trusted"
    ;;
  hand-over)
    [[ "$USE_KUBECTL" -eq 1 ]] || die "--hand-over writes the Secret: it cannot run with --no-kubectl"
    [[ ! -e "$OUT_DIR/ca-old.crt" ]] || die "a CA rotation is in progress; run --finish-ca-rotation first"
    problem="$(RENEW_BEFORE_DAYS=0 serving_cert_problem)"
    [[ -z "$problem" ]] || die "cannot hand over $OUT_DIR: $problem"
    log "writing ca.crt, ca.key, tls.crt and tls.key into Secret $NAMESPACE/$SECRET for the controller"
    kubectl create secret generic "$SECRET" --namespace "$NAMESPACE" --type=kubernetes.io/tls \
      --from-file=ca.crt="$OUT_DIR/ca.crt" --from-file=ca.key="$OUT_DIR/ca.key" \
      --from-file=tls.crt="$OUT_DIR/tls.crt" --from-file=tls.key="$OUT_DIR/tls.key" --dry-run=client -o yaml |
      kubectl apply -f -
    log "now apply the manifests with self-managed certificates (kubectl apply -k k8s/); keep $OUT_DIR offline or delete it"
    ;;
esac
log "done"
