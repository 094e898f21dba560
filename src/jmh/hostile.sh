#!/usr/bin/env bash
# Hostile load: replays the floods of issue 11 against the server jar started with the chart's JVM
# options and memory limit, and shows whether the process survives them.
#
# For each flood it starts the server on loopback (presets 10/10, the load.sh shapes), samples its
# resident memory every 0.2 s, and runs src/jmh/java/dev/podpreset/bench/HostileFlood.java: N TLS
# connections at once POST a valid AdmissionReview padded to the given size to /mutate (with "stall",
# each sends all but its last 64 KiB and waits up to 40 s), while a probe sends the small review
# every 100 ms during the flood and for 5 s after it. It prints what the flood got (status codes, or how
# the connection ended), the probe's answers during and after, the peak VmRSS against the chart's memory
# limit, and whether the process is still alive. Then it stops the server.
#
# Usage: src/jmh/hostile.sh [options]
#   --jar PATH        server jar (default target/quarkus-app/quarkus-run.jar)
#   --build           build the jar first
#   --floods LIST     NAME=CONNECTIONSxBYTES[xstall], comma separated (default: the four floods of the
#                     issue: 6x7MiB, 20x7MiB stalled, 32x3MiB, 64x1.4MiB)
#   --jvm-opts "OPTS" JVM options of the server (default: the chart's, as load.sh)
#   --out DIR         where bodies, server logs and memory samples go (default: a new temp dir)
#   --help            this text
#
# Every flood is bounded (connection timeouts of 60 s, stalls of 40 s, `timeout` around each run).
set -euo pipefail

source "$(dirname "$0")/lib.sh"
BUILD=false
FLOODS="parallel-7MiB=6x7340032,stalled-7MiB=20x7340032xstall,parallel-3MiB=32x3145728,parallel-1.4MiB=64x1468006"
OUT=""
PORT=18543
MPORT=19100

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --jar) JAR="$2"; shift 2 ;;
    --build) BUILD=true; shift ;;
    --floods) FLOODS="$2"; shift 2 ;;
    --jvm-opts) JVM_OPTS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

need_jar "$BUILD"
OUT="${OUT:-$(mktemp -d -t podpreset-hostile.XXXXXX)}"
mkdir -p "$OUT"
trap stop_server EXIT
write_request small 1 5 1
write_presets "$OUT/presets" 10 10

echo "$(date -u '+%F %T UTC') $(uptime | sed 's/.*load/load/'); jar $JAR; jvm: $JVM_OPTS; limit ${LIMIT_MI} MiB; results in $OUT"
IFS=, read -ra FLOOD_LIST <<<"$FLOODS"
for flood in "${FLOOD_LIST[@]}"; do
  name="${flood%%=*}"; IFS=x read -r conns bytes stall <<<"${flood#*=}"
  start_server "$OUT/presets" "$OUT/server-$name.log"
  samples="$OUT/rss-$name.txt"; : >"$samples"
  # Bounded sampler: at most 10 minutes, and it ends with the server.
  ( for ((i = 0; i < 3000; i++)); do
      awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$SERVER_PID/status" 2>/dev/null >>"$samples" || exit 0
      sleep 0.2
    done ) &
  sampler=$!
  result=$(timeout 300 java "$ROOT/src/jmh/java/dev/podpreset/bench/HostileFlood.java" --port "$PORT" \
    --probe "$OUT/small.json" --connections "$conns" --bytes "$bytes" ${stall:+--stall} 2>&1 | tail -1 || true)
  if kill -0 "$SERVER_PID" 2>/dev/null; then alive=alive; else alive="DEAD ($(grep -m1 -o 'OutOfMemoryError[^"]*' "$OUT/server-$name.log" || echo exited))"; fi
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  peak=$(sort -n "$samples" | tail -1)
  printf '%-16s %3s x %8s %-5s | %s | peak VmRSS %s MiB of %s | %s\n' "$name" "$conns" "$bytes" "${stall:-}" "$result" "${peak:-?}" "$LIMIT_MI" "$alive"
  stop_server
done
echo "end $(date -u '+%T UTC') $(uptime | sed 's/.*load/load/')"
