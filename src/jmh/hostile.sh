#!/usr/bin/env bash
# Hostile load: replays the floods of issue 11 and a sustained stream of large pods against the server jar
# started with the chart's JVM options and memory limit, and shows whether the process survives them and how
# long the small reviews sent meanwhile wait.
#
# For each flood it starts the server on loopback (presets 10/10, the load.sh shapes) and runs
# src/jmh/java/dev/podpreset/bench/HostileFlood.java three times against it:
#   1. warm-up: the small-review probe alone (not reported);
#   2. baseline: the probe alone for --baseline-secs, the row "NAME, small reviews alone";
#   3. the flood: N TLS connections at once POST a valid AdmissionReview padded to the given size to /mutate
#      (with "stall", each sends all but its last 64 KiB and waits up to 40 s; with "repeat", each sends it
#      again as soon as it is answered, for --sustain seconds), while the probe goes on, and for 5 s after.
# The probe sends the small review at --probe-rate req/s over --probe-connections keep-alive connections,
# each latency counted from when it was due. Each row prints what the flood got (status codes, or how the
# connection ended), the probe's answered/sent, p50, p99 and max latency during and after the flood, the peak
# VmRSS (sampled every 0.2 s from the flood's start) against the memory limit the JVM is sized for (the chart's,
# or the -XX:MaxRAM of --jvm-opts), and whether the process is still alive. Then it stops the server.
#
# Usage: src/jmh/hostile.sh [options]
#   --jar PATH              server jar (default target/quarkus-app/quarkus-run.jar)
#   --build                 build the jar first
#   --floods LIST           NAME=CONNECTIONSxBYTES[xstall|xrepeat], comma separated (default: the four floods of
#                           issue 11, 6x7MiB, 20x7MiB stalled, 32x3MiB, 64x1.4MiB, and sustained-2.9MiB, 2 connections
#                           repeating a 2.9 MiB pod)
#   --sustain SECS          how long a "repeat" flood goes on (default 20)
#   --every MS              each connection of a "repeat" flood sends its pod at most once every MS milliseconds (a
#                           stream of large pods at a given rate; default 0, back to back)
#   --baseline-secs SECS    how long the probe runs alone before each flood (default 20)
#   --probe-rate N          small reviews per second (default 100)
#   --probe-connections N   their keep-alive connections (default 4)
#   --wrk-probe             the probe is wrk instead (no JVM of its own to warm up; its latency is counted from
#                           sending, at --probe-rate on 10 connections): 10 s of warm-up, then --baseline-secs alone,
#                           then during a "repeat" flood from its 3rd second to 2 s before its end, or for any other
#                           flood over 12 s from 3 s before it starts (HostileFlood still sends the flood)
#   --flood-nice N          the flood's client runs at nice N (default 0): at 19 it yields the cores to the server,
#                           as a client on other machines would; with --wrk-probe only, since the JVM probe shares
#                           the flood's process
#   --gc-log                log the server's collections (-Xlog:gc) and print their pauses during each flood
#   --jvm-opts "OPTS"       JVM options of the server (default: the chart's, as load.sh)
#   --out DIR               where bodies, server logs and memory samples go (default: a new temp dir)
#   --help                  this text
#
# Every flood is bounded (connection timeouts of 60 s, stalls of 40 s, `timeout` around each run).
set -euo pipefail

source "$(dirname "$0")/lib.sh"
BUILD=false
FLOODS="parallel-7MiB=6x7340032,stalled-7MiB=20x7340032xstall,parallel-3MiB=32x3145728,parallel-1.4MiB=64x1468006"
FLOODS+=",sustained-2.9MiB=2x3040870xrepeat"
SUSTAIN=20
EVERY_MS=0
BASELINE_SECS=20
PROBE_RATE=100
PROBE_CONNECTIONS=4
WRK_PROBE=false
FLOOD_NICE=0
BURST_WINDOW=12
GC_LOG=false
OUT=""
PORT=18543
MPORT=19100

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --jar) JAR="$2"; shift 2 ;;
    --build) BUILD=true; shift ;;
    --floods) FLOODS="$2"; shift 2 ;;
    --every) EVERY_MS="$2"; shift 2 ;;
    --sustain) SUSTAIN="$2"; shift 2 ;;
    --baseline-secs) BASELINE_SECS="$2"; shift 2 ;;
    --probe-rate) PROBE_RATE="$2"; shift 2 ;;
    --probe-connections) PROBE_CONNECTIONS="$2"; shift 2 ;;
    --wrk-probe) WRK_PROBE=true; shift ;;
    --flood-nice) FLOOD_NICE="$2"; shift 2 ;;
    --gc-log) GC_LOG=true; shift ;;
    --jvm-opts) JVM_OPTS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
# The limit reported is the one the JVM is sized for: --jvm-opts may set another than the chart's.
if [[ $JVM_OPTS =~ -XX:MaxRAM=([0-9]+)m ]]; then LIMIT_MI=${BASH_REMATCH[1]}; fi

need_jar "$BUILD"
OUT="${OUT:-$(mktemp -d -t podpreset-hostile.XXXXXX)}"
mkdir -p "$OUT"
trap stop_server EXIT
write_request small 1 5 1
write_presets "$OUT/presets" 10 10
if $WRK_PROBE; then need_tool wrk wrk; write_post_lua; fi
if [[ $FLOOD_NICE != 0 ]] && ! $WRK_PROBE; then echo "--flood-nice needs --wrk-probe (the JVM probe runs in the flood's process)" >&2; exit 2; fi

# One run of HostileFlood with the probe; prints its result line.
flood() { # HostileFlood options...
  timeout $((SUSTAIN + BASELINE_SECS + 300)) nice -n "$FLOOD_NICE" java "$ROOT/src/jmh/java/dev/podpreset/bench/HostileFlood.java" --port "$PORT" \
    --probe "$OUT/small.json" --probe-rate "$PROBE_RATE" --probe-connections "$PROBE_CONNECTIONS" "$@" 2>&1 | tail -1 || true
}

# The wrk probe for $DURATION seconds: "probe p50_ms P p99_ms P answered N".
wrk_probe() { # label
  local r; r=($(run_load "https://127.0.0.1:$PORT/mutate" "$OUT/small.json" "$PROBE_RATE" "$1"))
  echo "probe p50_ms ${r[1]} p99_ms ${r[2]} answered ${r[4]} not_2xx ${r[3]}"
}

# Seconds since the server process started (the JVM's uptime, as its GC log counts it).
server_uptime() {
  awk -v start="$(awk '{print $22}' "/proc/$SERVER_PID/stat")" -v hz="$(getconf CLK_TCK)" '{printf "%.2f", $1 - start / hz}' /proc/uptime
}

# The pauses of a -Xlog:gc log between two uptimes, per kind: "Young 552 x, 5631 ms, max 67 ms; Full ...".
gc_pauses() { # log from to
  awk -v from="$2" -v to="$3" '
    match($0, /^\[[0-9.]+s\]/) { t = substr($0, 2, RLENGTH - 3) + 0 }
    t >= from && t <= to && match($0, /Pause [A-Za-z]+/) {
      kind = substr($0, RSTART + 6, RLENGTH - 6); ms = $NF; sub("ms", "", ms)
      n[kind]++; sum[kind] += ms; if (ms > max[kind]) max[kind] = ms
    }
    END { for (k in n) printf "%s %d x, %.0f ms, max %.0f ms; ", k, n[k], sum[k], max[k] }' "$1"
}

echo "$(date -u '+%F %T UTC') $(uptime | sed 's/.*load/load/'); jar $JAR; jvm: $JVM_OPTS; limit ${LIMIT_MI} MiB;" \
  "probe $PROBE_RATE small reviews/s on $PROBE_CONNECTIONS connections; a repeat flood's pod at most every $EVERY_MS ms; results in $OUT"
IFS=, read -ra FLOOD_LIST <<<"$FLOODS"
for spec in "${FLOOD_LIST[@]}"; do
  name="${spec%%=*}"; IFS=x read -r conns bytes how <<<"${spec#*=}"
  case "${how:-}" in
    stall) mode=(--stall) ;;
    repeat) mode=(--repeat-secs "$SUSTAIN" --repeat-every-ms "$EVERY_MS") ;;
    "") mode=() ;;
    *) echo "unknown flood mode '$how' in $spec (stall or repeat)" >&2; exit 2 ;;
  esac
  gc=()
  if $GC_LOG; then gc=("-Xlog:gc:file=$OUT/gc-$name.log:uptime"); fi
  start_server "$OUT/presets" "$OUT/server-$name.log" "${gc[@]}"
  if $WRK_PROBE; then
    DURATION=10 wrk_probe "warm-$name" >/dev/null
    alone=$(DURATION=$BASELINE_SECS wrk_probe "alone-$name")
  else
    flood --connections 0 --probe-only-secs 5 --after-secs 0 >/dev/null
    result=$(flood --connections 0 --probe-only-secs "$BASELINE_SECS" --after-secs 0)
    alone=${result#*probe_during }; alone="probe ${alone%%  probe_after*}"
  fi
  printf '%-40s | %s\n' "$name, small reviews alone" "$alone"
  samples="$OUT/rss-$name.txt"; : >"$samples"
  # Bounded sampler: at most 10 minutes, and it ends with the server.
  ( for ((i = 0; i < 3000; i++)); do
      awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$SERVER_PID/status" 2>/dev/null >>"$samples" || exit 0
      sleep 0.2
    done ) &
  sampler=$!
  flood_from=$(server_uptime)
  if $WRK_PROBE && [[ ${how:-} == repeat ]]; then
    PROBE_RATE=1 PROBE_CONNECTIONS=1 flood --connections "$conns" --bytes "$bytes" "${mode[@]}" --after-secs 0 \
      >"$OUT/flood-$name.txt" &
    flooding=$!
    sleep 3
    during=$(DURATION=$((SUSTAIN - 5)) wrk_probe "flood-$name")
  elif $WRK_PROBE; then
    (sleep 3; PROBE_RATE=1 PROBE_CONNECTIONS=1 flood --connections "$conns" --bytes "$bytes" "${mode[@]}" --after-secs 0 \
      >"$OUT/flood-$name.txt") &
    flooding=$!
    during=$(DURATION=$BURST_WINDOW wrk_probe "flood-$name")
  fi
  if $WRK_PROBE; then
    wait "$flooding" || true
    result="$(sed 's/  probe_during.*//' "$OUT/flood-$name.txt") wrk $during"
  else
    result=$(flood --connections "$conns" --bytes "$bytes" "${mode[@]}")
  fi
  flood_to=$(server_uptime)
  if $GC_LOG; then result+=" | GC pauses during the flood: $(gc_pauses "$OUT/gc-$name.log" "$flood_from" "$flood_to")"; fi
  if kill -0 "$SERVER_PID" 2>/dev/null; then alive=alive; else alive="DEAD ($(grep -m1 -o 'OutOfMemoryError[^"]*' "$OUT/server-$name.log" || echo exited))"; fi
  kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true
  peak=$(sort -n "$samples" | tail -1)
  printf '%-40s | %s | peak VmRSS %s MiB of %s | %s\n' "$name: $conns x $bytes ${how:-}" "$result" "${peak:-?}" "$LIMIT_MI" "$alive"
  stop_server
done
echo "end $(date -u '+%T UTC') $(uptime | sed 's/.*load/load/')"
