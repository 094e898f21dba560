#!/usr/bin/env bash
# The webhook's memory in its container, as the kubelet sees it, under the chart's limits: for each variant, the
# image is started as the chart runs the webhook (ChartContainer: its user, read-only root, JAVA_OPTS_APPEND and
# memory limit, with the chart values the variant sets), on a presets directory, driven at a fixed rate of the
# small (or large) review for --secs seconds with wrk, and measured right after the load and again after --idle
# seconds: the working set (cgroup usage less inactive file pages), the usage, the anonymous memory and the peak
# usage, against the limit. It also prints the CPU the container used per review and wrk's rate and p99, so that
# a variant that saves memory by spending CPU shows it. Rounds are interleaved (every round runs every variant once)
# and the first variant is the baseline: each row says its ratio to the baseline of the same round.
#
# Usage: src/jmh/footprint.sh [options]
#   --variant "NAME|IMAGE|SETS|ENV"  a variant: an image of src/jmh/container.sh (bench, jdk25, jdk25-aot, before),
#                          chart values, ';'-separated KEY=VALUE for helm --set (e.g. "jvmOptions=-XX:+UseSerialGC
#                          -XX:MaxRAMPercentage=40;resources.limits.memory=256Mi"), and environment variables of the
#                          container, ';'-separated K=V (e.g. MALLOC_ARENA_MAX=2); repeat for each. Default: one,
#                          "chart|bench||" (the chart as it is).
#   --levers               add one variant per JVM lever of issue 23 after the baseline, each the chart as it is plus
#                          one change: MALLOC_ARENA_MAX=2, Netty's allocator with 1 MiB chunks (maxOrder 7) or unpooled,
#                          a 32 MiB code cache, 256 KiB thread stacks, G1 instead of Serial, a 30 % heap, the newer
#                          JDK with and without compact object headers, and its AOT cache
#   --rounds N             rounds (default 3)
#   --presets M/N          matching/loaded presets, the shapes of BenchData (default 5/1000)
#   --modes LIST           where the presets come from, comma separated (default directory): directory (files mounted
#                          into the container) or cluster (podpreset.source=kubernetes against MockApiServer, src/jmh/java:
#                          the fabric8 mock server holding the same presets over HTTPS, started once on the host network,
#                          reached as a pod reaches its API server: a service account and KUBERNETES_SERVICE_HOST); every
#                          round runs every mode with every variant, and each mode has its own baseline
#   --pod small|large      the review sent (default small)
#   --rate N               reviews per second (default 500)
#   --secs N               seconds of load (default 60)
#   --idle N               seconds after the load before the second reading (default 30)
#   --build                build the application and the images the variants use first (src/jmh/container.sh)
#   --out DIR              where presets, work files and logs go (default: a new temp dir)
#   --help                 this text
# Needs root, podman (installed with the images), wrk. Images and podman's storage stay in $BENCH_STORAGE
# (default /var/tmp/podpreset-bench) between runs; remove that directory to drop them.
set -euo pipefail

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/container.sh"
VARIANTS=()
LEVERS=false
ROUNDS=3
SCENARIO=5/1000
MODES=directory
POD=small
RATE=500
SECS=60
IDLE=30
BUILD=false
OUT=""

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --variant) VARIANTS+=("$2"); shift 2 ;;
    --levers) LEVERS=true; shift ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --presets) SCENARIO="$2"; shift 2 ;;
    --modes) MODES="$2"; shift 2 ;;
    --pod) POD="$2"; shift 2 ;;
    --rate) RATE="$2"; shift 2 ;;
    --secs) SECS="$2"; shift 2 ;;
    --idle) IDLE="$2"; shift 2 ;;
    --build) BUILD=true; shift ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
((${#VARIANTS[@]})) || VARIANTS=("chart|bench||")
IFS=',' read -r -a MODES <<<"$MODES"
for m in "${MODES[@]}"; do [[ $m == directory || $m == cluster ]] || { echo "unknown mode: $m" >&2; exit 2; }; done
if $LEVERS; then
  J="jvmOptions=$CHART_JVM_OPTIONS"
  VARIANTS+=("arena2|bench||MALLOC_ARENA_MAX=2" "netty-1MiB|bench|$J -Dio.netty.allocator.maxOrder=7|"
    "netty-unpooled|bench|$J -Dio.netty.allocator.type=unpooled|" "codecache-32m|bench|$J -XX:ReservedCodeCacheSize=32m|"
    "stacks-256k|bench|$J -Xss256k|" "g1|bench|$J -XX:+UseG1GC|" "heap-30|bench|${J/MaxRAMPercentage=40/MaxRAMPercentage=30}|"
    "jdk25|jdk25||" "jdk25-coh|jdk25|$J -XX:+UseCompactObjectHeaders|" "jdk25-aot|jdk25-aot||")
fi

need_tool wrk wrk
if $BUILD; then
  mapfile -t tags < <(for v in "${VARIANTS[@]}"; do IFS='|' read -r _ tag _ <<<"$v"; echo "$tag"; done | sort -u)
  container_build "${tags[@]}"
fi
[[ -f $ROOT/target/bench.classpath ]] || { echo "not built: pass --build" >&2; exit 3; }
OUT=$(realpath -m "${OUT:-$(mktemp -d -t podpreset-footprint.XXXXXX)}")
mkdir -p "$OUT"
chmod 755 "$OUT"
trap 'container_stop; stop_helper' EXIT

write_request "$POD" "$([[ $POD == large ]] && echo 10 || echo 1)" "$([[ $POD == large ]] && echo 50 || echo 5)" \
  "$([[ $POD == large ]] && echo 20 || echo 1)"
write_presets "$OUT/presets" "${SCENARIO%/*}" "${SCENARIO#*/}"
chmod -R a+rX "$OUT/presets" "$OUT/$POD.json"
declare -A SOURCE=([directory]="--presets $OUT/presets")
if [[ " ${MODES[*]} " == *" cluster "* ]]; then
  start_mock_api_server "${SCENARIO%/*}" "${SCENARIO#*/}"
  SOURCE[cluster]="--service-account $HELPER_ADDRESS $API_SERVER_CA"
fi
write_post_lua
DURATION=$SECS

# One variant once: prints the row's figures.
measure() { # name image sets env round mode
  local name="$1" image="$2" work="$OUT/work-$6-$1-$5" rps p50 p99 bad n cpu0 after idle source
  trap 'container_stop' EXIT # this runs in a subshell of its own
  variant_args "$3" "$4"
  read -r -a source <<<"${SOURCE[$6]}"
  container_start "$(container_image "$image")" "$work" "${source[@]}" "${VARIANT_ARGS[@]}"
  cpu0=$(container_memory "$CONTAINER_ID" | awk '{print $6}')
  read -r rps p50 p99 bad n <<<"$(run_load "https://127.0.0.1:$CONTAINER_HTTPS/mutate" "$OUT/$POD.json" "$RATE" "$6-$1-$5")"
  after=$(container_memory "$CONTAINER_ID")
  sleep "$IDLE"
  idle=$(container_memory "$CONTAINER_ID")
  container_stop "$work/container.log"
  if archive_unused "$work/container.log"; then
    echo "$name: the JVM did not use its archive; see $work/container.log" >&2; exit 4
  fi
  # working set, usage, anon, peak, limit after the load; working set after idle; CPU ms per review; wrk
  awk -v a="$after" -v i="$idle" -v c0="$cpu0" -v n="$n" -v rps="$rps" -v p99="$p99" -v bad="$bad" -v ready="$CONTAINER_READY_MS" 'BEGIN {
    split(a, x, " "); split(i, y, " ");
    printf "%.1f %.1f %.1f %.1f %.0f %.1f %.3f %s %s %s %s\n", x[1], x[2], x[3], x[4], x[5], y[1], (n > 0 ? (x[6] - c0) / n : 0), rps, p99, bad, ready }'
}

echo "$(date -u '+%F %T UTC') $(uptime | sed 's/.*load/load/'); presets $SCENARIO, $POD pod, $RATE/s for $SECS s; results in $OUT"
printf 'round mode variant ws_mib usage_mib anon_mib peak_mib limit_mib ws_after_idle_mib cpu_ms_per_review rps p99_ms non2xx ready_ms ws/baseline\n' \
  | tee "$OUT/runs.txt"
for r in $(seq 1 "$ROUNDS"); do
  for m in "${MODES[@]}"; do
    base=""
    for v in "${VARIANTS[@]}"; do
      IFS='|' read -r name image sets envs <<<"$v"
      row=$(measure "$name" "$image" "$sets" "$envs" "$r" "$m")
      ws=${row%% *}
      [[ -n $base ]] || base=$ws
      echo "$r $m $name $row $(awk -v a="$ws" -v b="$base" 'BEGIN {printf "%.2f", a / b}')" | tee -a "$OUT/runs.txt"
    done
  done
done
for m in "${MODES[@]}"; do
  for v in "${VARIANTS[@]}"; do
    name=${v%%|*}
    awk -v m="$m" -v v="$name" '$2 == m && $3 == v {print $4}' "$OUT/runs.txt" | sort -n | awk -v v="$m $name" \
      '{a[NR] = $1} END {printf "%-34s working set after the load: median %.1f MiB  min %.1f  max %.1f  (%d runs)\n", v, (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[1], a[NR], NR}'
  done
done
echo "end $(date -u '+%T UTC') $(uptime | sed 's/.*load/load/')"
