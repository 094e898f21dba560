#!/usr/bin/env bash
# Scale benchmark of the controller component against a simulated API server (SimulatedApiServer, in
# src/jmh/java): 2,000 namespaces, 10,000 ReplicaSets, 1,000 presets (900 PodPresets, 100 ClusterPodPresets)
# and 100,000 full-size pods by default. It runs the packaged jar with podpreset.controller.enabled=true twice
# in the same session, once with no pods (the baseline) and once with all of them, and prints for each:
#   - the time from process start until every preset's status was written (lists, caches, first tally);
#   - the heap in use after a full GC (jcmd GC.run) and the resident memory (VmRSS, VmHWM);
#   - the time from a preset change (a MODIFIED watch event with a new generation) to its status write,
#     for --changes changes one after another (median and max), once the status interval has passed since
#     the preset's last write (a change within the interval waits for it: at most one write per interval).
# Heap per cached pod = (heap with pods - heap without) / pods, measured in the same run.
# The simulated API server serves HTTPS, and the controller reaches it as a pod reaches its API server (in the
# container: a service account and KUBERNETES_SERVICE_HOST; on the host: its URL and CA). It serves lists metadata-only
# (PartialObjectMetadataList) to a client that asks for them, as kube-apiserver does; "full-objects" starts it with
# --full-objects-only, as an API server without them (the fabric8 mock), so that both of the controller's paths are
# measured. Each row says how many list pages of pods the controller got of each kind.
#
# Usage: src/jmh/controller-scale.sh [options]
#   --build             build first (./mvnw -B -q -DskipTests package dependency:build-classpath)
#   --pods N            pods (default 100000); --namespaces N (2000); --replicasets N (10000); --presets N (1000)
#   --changes N         preset changes to time (default 10)
#   --no-baseline       skip the run without pods
#   --paths LIST        metadata-only,full-objects (default both): the API server's offer in the runs with pods
#   --memory-limit MI   container memory limit the JVM sizes itself for (-XX:MaxRAM, default 512)
#   --jvm-opts "OPTS"   extra JVM options (default: the chart's jvmOptions and SerialGC)
#   --container         run the image as the chart runs the controller (src/jmh/container.sh, ChartContainer), under
#                       the chart's limit: the memory columns are then the cgroup's working set and peak usage (the
#                       image's JRE has no jcmd, so no heap); --memory-limit and --jvm-opts do not apply
#   --image TAG         with --container: the image (default bench; see src/jmh/container.sh)
#   --chart-set "K=V;.." with --container: chart values (helm --set), e.g. controller.resources.limits.memory=320Mi
#   --out DIR           where logs go (default: a new temp dir)
#   --help              this text
set -euo pipefail

source "$(dirname "$0")/lib.sh"
BUILD=false
PODS=100000
NAMESPACES=2000
REPLICASETS=10000
PRESETS=1000
CHANGES=10
LIMIT_MI=512
JVM_OPTS="-XX:+UseSerialGC $CHART_JVM_OPTIONS"
OUT=""
BASELINE=true
PATHS=metadata-only,full-objects
CONTAINER=false
IMAGE=bench
CHART_SETS=""

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) BUILD=true; shift ;;
    --pods) PODS="$2"; shift 2 ;;
    --namespaces) NAMESPACES="$2"; shift 2 ;;
    --replicasets) REPLICASETS="$2"; shift 2 ;;
    --presets) PRESETS="$2"; shift 2 ;;
    --changes) CHANGES="$2"; shift 2 ;;
    --memory-limit) LIMIT_MI="$2"; shift 2 ;;
    --jvm-opts) JVM_OPTS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --no-baseline) BASELINE=false; shift ;;
    --paths) PATHS="$2"; shift 2 ;;
    --container) CONTAINER=true; shift ;;
    --image) IMAGE="$2"; shift 2 ;;
    --chart-set) CHART_SETS="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

if $CONTAINER; then
  source "$(dirname "$0")/container.sh"
  if $BUILD; then container_build "$IMAGE"; fi
  BUILD=false
fi
need_bench "$BUILD"
$CONTAINER || command -v jcmd >/dev/null || { echo "jcmd (JDK) is needed" >&2; exit 3; }
OUT="${OUT:-$(mktemp -d -t podpreset-controller.XXXXXX)}"
mkdir -p "$OUT"
chmod 755 "$OUT" # the container's user reads its service account files under it
APP_PID=""
cleanup() {
  if $CONTAINER; then container_stop; fi
  for p in $APP_PID $HELPER_PID; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
stat() { curl -s --cacert "$OUT/api-ca.crt" "$SIM_URL/bench/stats"; }
timings() { stat | grep -o '"changeToStatusMillis":\[[^]]*\]' | grep -o '[0-9]\+' || true; }

# The controller process: the jar on the host, or the image as the chart runs the controller (--container).
app_start() { # log
  if $CONTAINER; then
    local sets=() kv
    IFS=';' read -ra kv <<<"$CHART_SETS"
    for s in "${kv[@]}"; do [[ -z $s ]] || sets+=(--set "$s"); done
    container_start "$(container_image "$IMAGE")" "$OUT/work-$(basename "$1" .log)" --controller \
      --service-account "$SIM_URL" "$OUT/api-ca.crt" --set controller.restartWorkloads=true "${sets[@]}"
    return
  fi
  # shellcheck disable=SC2086
  java -XX:MaxRAM=${LIMIT_MI}m $JVM_OPTS $(kubernetes_opts "$SIM_URL" "$OUT/api-ca.crt") \
    -Dpodpreset.controller.enabled=true -Dpodpreset.controller.restart-workloads=true \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.ssl-port="$(free_port)" \
    -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port="$(free_port)" \
    -jar "$JAR" >"$1" 2>&1 &
  APP_PID=$!
}

app_alive() {
  if $CONTAINER; then [[ $($PODMAN inspect --format '{{.State.Running}}' "$CONTAINER_ID" 2>/dev/null) == true ]]
  else kill -0 "$APP_PID" 2>/dev/null; fi
}

# "heap_kib rss_mib hwm_mib": on the host the heap in use after a full GC, VmRSS and VmHWM; in the container no heap
# (its JRE has no jcmd), the working set and the cgroup's peak usage.
app_memory() {
  if $CONTAINER; then
    container_memory "$CONTAINER_ID" | awk '{printf "- %.0f %.0f", $1, $4}'
    return
  fi
  jcmd "$APP_PID" GC.run >/dev/null
  sleep 1
  # Young plus old generation (SerialGC prints one line each), without Metaspace.
  jcmd "$APP_PID" GC.heap_info | awk '/generation/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i + 1); sub("K,?", "", v); sum += v}} END {printf "%d ", sum}'
  awk '/^VmRSS/ {r=$2} /^VmHWM/ {h=$2} END {printf "%d %d", r/1024, h/1024}' "/proc/$APP_PID/status"
}

# Says how the controller ended and keeps its log: in the container, whether the kernel killed it at the memory
# limit or the JVM exited (ExitOnOutOfMemoryError when its heap ran out).
app_exited() { # log
  local how=exited
  if $CONTAINER; then
    [[ $($PODMAN inspect --format '{{.State.OOMKilled}}' "$CONTAINER_ID" 2>/dev/null) == true ]] \
      && how="was killed at the container's memory limit"
    container_stop "$1"
  fi
  echo "the controller $how; see $1" >&2
}

app_stop() { # log
  if $CONTAINER; then container_stop "$1"; return; fi
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
}

run() { # pods path
  local pods=$1 path=$2 log="$OUT/controller-$1-$2.log" offer=()
  [[ $path == full-objects ]] && offer=(--full-objects-only)
  start_helper "$OUT/api-$pods-$path.log" "$OUT/port" 10 \
    -Xmx2g dev.podpreset.bench.SimulatedApiServer "$NAMESPACES" "$REPLICASETS" "$pods" "$PRESETS" "$OUT/port" "$OUT/api-ca.crt" "${offer[@]}"
  chmod a+r "$OUT/api-ca.crt"
  SIM_URL="https://localhost:$HELPER_ADDRESS"
  local started=$(date +%s%N)
  app_start "$log"
  local deadline=$(( $(date +%s) + 900 ))
  until [[ "$(stat | sed 's/.*"statusWritten":\([0-9]*\).*/\1/')" == "$PRESETS" ]]; do
    [[ $(date +%s) -lt $deadline ]] || { echo "no full status after 900 s; see $log" >&2; exit 4; }
    app_alive || { app_exited "$log"; exit 4; }
    sleep 0.5
  done
  local sync_ms=$(( ($(date +%s%N) - started) / 1000000 ))
  sleep 3
  local heap_kib rss hwm
  read -r heap_kib rss hwm <<<"$(app_memory)"
  # Every preset's status was just written: wait out the status interval (10 s) so that the changes below
  # time the pipeline (watch event, snapshot rebuild, tally, write), not the coalescing.
  sleep 11
  for i in $(seq "$CHANGES"); do
    local preset
    if (( i % 2 )); then preset=$(printf 'ns-%04d/pp' "$i"); else preset="cpp-$i"; fi
    curl -s --cacert "$OUT/api-ca.crt" -X POST "$SIM_URL/bench/change?preset=$preset" >/dev/null
    for _ in $(seq 600); do
      [[ $(timings | wc -l) -ge $i ]] && break
      sleep 0.1
    done
  done
  local lat
  lat=$(timings | sort -n)
  local median max n
  n=$(echo "$lat" | grep -c . || true)
  median=$(echo "$lat" | awk -v n="$n" 'NR == int((n + 1) / 2) {print}')
  max=$(echo "$lat" | tail -1)
  local rss_after full meta
  read -r _ rss_after _ <<<"$(app_memory)"
  # Pod list pages the controller got: full objects / metadata-only.
  full=$(stat | grep -o '"fullListPages":{[^}]*}' | grep -o '"/api/v1/pods":[0-9]*' | cut -d: -f2 || true)
  meta=$(stat | grep -o '"metadataOnlyListPages":{[^}]*}' | grep -o '"/api/v1/pods":[0-9]*' | cut -d: -f2 || true)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$pods" "$path" "$sync_ms" "$heap_kib" "$rss" \
    "$hwm" "$rss_after" "${median:-?}" "${max:-?}" "$n" "${full:-0}/${meta:-0}" >>"$OUT/results.tsv"
  app_stop "$log"
  stop_helper
}

if $CONTAINER; then
  echo "shape: $NAMESPACES namespaces, $REPLICASETS ReplicaSets, $PRESETS presets; image $IMAGE as the chart runs the controller${CHART_SETS:+ ($CHART_SETS)}" | tee "$OUT/results.txt"
else
  echo "shape: $NAMESPACES namespaces, $REPLICASETS ReplicaSets, $PRESETS presets; -XX:MaxRAM=${LIMIT_MI}m $JVM_OPTS" | tee "$OUT/results.txt"
fi
printf 'pods\tapi_offers\tsync_ms\theap_kib\trss_mib\thwm_mib\trss_after_changes_mib\tchange_to_status_median_ms\tmax_ms\tchanges\tpod_pages_full/metadata\n' >"$OUT/results.tsv"
IFS=, read -ra PATH_LIST <<<"$PATHS"
if $BASELINE; then run 0 "${PATH_LIST[0]}"; fi
for p in "${PATH_LIST[@]}"; do run "$PODS" "$p"; done
column -t "$OUT/results.tsv" | tee -a "$OUT/results.txt"
awk -F'\t' -v pods="$PODS" '$1 == 0 {base = $4} NR > 1 && $1 > 0 && base != "" && base != "-" {printf "heap per cached pod (%s): %.0f bytes\n", $2, ($4 - base) * 1024 / pods}' \
  "$OUT/results.tsv" | tee -a "$OUT/results.txt"
echo "logs and results in $OUT"
