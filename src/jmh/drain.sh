#!/usr/bin/env bash
# Lossless shutdown, repeated: builds the jar and runs ServerLifecycleIT's keep-alive load across SIGTERM
# ROUNDS times (default 10; the IT alone does 2). Each round starts the packaged server, drives 6
# keep-alive HTTPS connections against /mutate, sends SIGTERM, stops opening new connections 1 s after
# readiness goes DOWN (as the Service would), and counts every request that got no 200 and every TLS
# handshake that failed. Prints one line per round; fails if anything was lost.
#
# Usage: src/jmh/drain.sh [ROUNDS] [ENGINE]   (ENGINE: the server's podpreset.tls.engine, default its own)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${1:-10}"
ENGINE=()
[[ -n "${2:-}" ]] && ENGINE=(-Dpodpreset.it.tls-engine="$2")
echo "$(date -u '+%F %T UTC') $(uptime | sed 's/.*load/load/'); $ROUNDS rounds${2:+, TLS engine $2}"
status=0
timeout $((600 + ROUNDS * 120)) ./mvnw -B verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test='ServerLifecycleIT#keepAliveLoadAcrossSigtermLosesNothing' -Dpodpreset.it.sigterm-rounds="$ROUNDS" "${ENGINE[@]}" \
  >target/drain.log 2>&1 || status=$?
grep -h "sigterm round" target/drain.log || true
grep -E "Tests run:.*ServerLifecycleIT|BUILD" target/drain.log | tail -2
echo "end $(date -u '+%T UTC') $(uptime | sed 's/.*load/load/'); full log in target/drain.log"
exit $status
