#!/usr/bin/env bash
# Load benchmark of the podpreset-injector server over HTTPS with keep-alive.
#
# For each preset scenario (matching/loaded presets, the same shapes as the JMH benchmark's BenchData)
# it writes a presets directory, starts the server jar on loopback with it, and drives POST /mutate and,
# on BaselineServer (src/jmh/java: Vert.x HTTPS with the server's kind of certificate and TLS engine,
# reads the body, answers a fixed "allowed", parses nothing), POST /baseline/allow, with the small and the
# large pod at fixed rates and at saturation. It prints throughput, p50 and p99 latency, the ratios of
# /mutate to the baseline measured in the same run, and the server's resident memory (VmRSS, VmHWM) after
# each scenario. Then it stops the servers.
#
# Usage: src/jmh/load.sh [options]
#   --jar PATH          server jar (default target/quarkus-app/quarkus-run.jar)
#   --build             build the jar and the helpers first (see lib.sh); nothing is built otherwise
#   --tls-engine E      openssl (the server's default) or jdk: the baseline's TLS engine (default openssl)
#   --duration SECS     seconds per measurement (default 5)
#   --rates LIST        fixed rates in req/s, comma separated, plus "max" for saturation (default 500,2000,max)
#   --scenarios LIST    matching/loaded, comma separated (default 1/1,10/10,100/100,5/10,5/1000,5/10000)
#   --pods LIST         small,large (default both)
#   --connections N     connections at saturation (default 16)
#   --jvm-opts "OPTS"   JVM options of the server (default: what the chart's container gets: its
#                       jvmOptions with -XX:MaxRAM set to its memory limit, and SerialGC)
#   --out DIR           where requests, presets, server logs and results go (default: a new temp dir)
#   --smoke             one scenario (5/1000), small pod, rate 200 for 1 s: proves the script works
#   --help              this text
#
# Needs wrk (with its Lua scripting); installs it with apt-get when missing and run as root. (hey 0.1.4
# of Debian 12 fails the TLS handshake with this server: "tls: illegal parameter".) Fixed rates come from a
# per-connection delay in the Lua script (10 connections up to 1,000 req/s, 20 above); every wrk run is
# bounded by --duration and by a request count (rate x duration), the whole run by `timeout`.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
BUILD=false
DURATION=5
RATES="500,2000,max"
SCENARIOS="1/1,10/10,100/100,5/10,5/1000,5/10000"
PODS="small,large"
CONNECTIONS=16
OUT=""
PORT=18443
MPORT=19000
BPORT=18444
TLS_ENGINE=openssl

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --jar) JAR="$2"; shift 2 ;;
    --build) BUILD=true; shift ;;
    --duration) DURATION="$2"; shift 2 ;;
    --rates) RATES="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --pods) PODS="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --tls-engine) TLS_ENGINE="$2"; shift 2 ;;
    --jvm-opts) JVM_OPTS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --smoke) SCENARIOS="5/1000"; PODS="small"; RATES="200"; DURATION=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

need_tool wrk wrk
need_bench "$BUILD"
OUT="${OUT:-$(mktemp -d -t podpreset-load.XXXXXX)}"
mkdir -p "$OUT"

stop_all() { stop_server; HELPER_PID=$BASELINE_PID; stop_helper; }
trap stop_all EXIT

write_request small 1 5 1
write_request large 10 50 20

write_post_lua

# The baseline runs in a JVM of its own: start it once and warm it up (its JIT, OpenSSL) before any scenario.
start_baseline "$BPORT" "$TLS_ENGINE"
for pod in small large; do
  BODY="$OUT/$pod.json" timeout 60 wrk -t2 -c8 -d5s -s "$OUT/post.lua" "$BASELINE_URL/baseline/allow" >/dev/null 2>&1 || true
done

# The server for a path: /baseline/allow is BaselineServer's.
url() { [[ "$1" == /baseline/allow ]] && echo "$BASELINE_URL$1" || echo "https://127.0.0.1:$PORT$1"; }

RESULTS="$OUT/results.tsv"
printf 'scenario\tpod\trate\tmutate_rps\tmutate_p50_ms\tmutate_p99_ms\tbase_rps\tbase_p50_ms\tbase_p99_ms\trps_ratio\tp99_ratio\tnon200\n' >"$RESULTS"
printf '%-9s %-5s %-5s | %8s %8s %8s | %8s %8s %8s | %6s %6s\n' scenario pod rate mut_rps p50_ms p99_ms base_rps p50_ms p99_ms rps/b p99/b
echo "results in $OUT (jvm: $JVM_OPTS; wrk, $CONNECTIONS connections at max; baseline: BaselineServer, $TLS_ENGINE)"
IFS=, read -ra SCENARIO_LIST <<<"$SCENARIOS"
IFS=, read -ra POD_LIST <<<"$PODS"
IFS=, read -ra RATE_LIST <<<"$RATES"
for scenario in "${SCENARIO_LIST[@]}"; do
  tag="${scenario/\//-of-}"
  write_presets "$OUT/presets-$tag" "${scenario%/*}" "${scenario#*/}"
  start_server "$OUT/presets-$tag" "$OUT/server-$tag.log"
  # Warm up the JIT on both endpoints and both pods before measuring.
  for pod in "${POD_LIST[@]}"; do
    for path in /mutate /baseline/allow; do
      BODY="$OUT/$pod.json" timeout 60 wrk -t2 -c8 -d"$(( DURATION > 2 ? 3 : 1 ))s" -s "$OUT/post.lua" \
        "$(url "$path")" >/dev/null 2>&1 || true
    done
  done
  for pod in "${POD_LIST[@]}"; do
    for rate in "${RATE_LIST[@]}"; do
      read -r b_rps b_p50 b_p99 b_bad _ <<<"$(run_load "$(url /baseline/allow)" "$OUT/$pod.json" "$rate" "base-$tag-$pod-$rate")"
      read -r m_rps m_p50 m_p99 m_bad _ <<<"$(run_load "$(url /mutate)" "$OUT/$pod.json" "$rate" "mutate-$tag-$pod-$rate")"
      rps_ratio=$(awk -v a="$m_rps" -v b="$b_rps" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
      p99_ratio=$(awk -v a="$m_p99" -v b="$b_p99" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
      printf '%-9s %-5s %-5s | %8s %8s %8s | %8s %8s %8s | %6s %6s %s\n' "$scenario" "$pod" "$rate" \
        "$m_rps" "$m_p50" "$m_p99" "$b_rps" "$b_p50" "$b_p99" "$rps_ratio" "$p99_ratio" \
        "$([[ "$m_bad$b_bad" == 00 ]] || echo "NON-200: mutate $m_bad baseline $b_bad")"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$scenario" "$pod" "$rate" "$m_rps" "$m_p50" \
        "$m_p99" "$b_rps" "$b_p50" "$b_p99" "$rps_ratio" "$p99_ratio" "$m_bad/$b_bad" >>"$RESULTS"
    done
  done
  read -r rss_mb hwm_mb <<<"$(rss)"
  echo "  server memory after $scenario: VmRSS ${rss_mb} MiB, VmHWM ${hwm_mb} MiB"
  printf '# memory\t%s\tVmRSS_MiB=%s\tVmHWM_MiB=%s\n' "$scenario" "$rss_mb" "$hwm_mb" >>"$RESULTS"
  stop_server
done
echo "done: $RESULTS"
