#!/usr/bin/env bash
# Start-up to ready: milliseconds from starting `java` to the first 200 of /q/health/ready on the management
# port (readiness waits for the presets and for the HTTPS port to listen), with 10,000 presets (5 of them
# matching the bench pod; the shapes of BenchData), in two modes and several JVM option variants. Rounds
# are interleaved (every round runs every mode and variant once) so that all see the same background load.
# Prints every run (with the resident memory at ready, the heap in use after a full GC right after it, and in
# cluster mode the CPU time MockApiServer spent meanwhile on the same cores), then per mode and variant the median,
# minimum and maximum time, and the load average.
#
# Modes:
#   directory  the presets as files (written by lib.sh), podpreset.presets-dir.
#   cluster    podpreset.source=kubernetes against MockApiServer (src/jmh/java): the fabric8 mock server in
#              CRUD mode holding the same presets and namespaces, over HTTPS; started once, before the rounds. No
#              controller. Its lists and watches run on the same machine as the server measured.
# Variants:
#   chart        the chart's jvmOptions with -XX:MaxRAM at the memory limit and SerialGC, as load.sh.
#   c1           chart + -XX:TieredStopAtLevel=1 (faster start, slower steady state).
#   cds          chart + a dynamic AppCDS archive (-XX:SharedArchiveFile), written per mode by one extra
#                training run of that mode first (-XX:ArchiveClassesAtExit, written when the JVM exits); the
#                image holds one written by a training start in directory mode.
#   quarkus-cds  chart + the archive Quarkus builds (quarkus.package.jar.appcds.enabled), from the jar it
#                was built with, target/quarkus-cds/quarkus-run.jar. --build makes it; the normal build
#                and the pom are unchanged. It must run on the very JVM that built it.
#   jdk25        chart, on the newer JDK (--java25; the bytecode stays 17).
#   jdk25-coh    jdk25 + -XX:+UseCompactObjectHeaders (8-byte object headers).
#   jdk25-aot    jdk25 + its AOT cache (-XX:AOTCache: classes loaded and linked, method profiles), written per
#                mode by a training run (-XX:AOTCacheOutput).
# With --container, every run starts the image as the chart runs the webhook (src/jmh/container.sh, ChartContainer:
# its user, read-only root, JAVA_OPTS_APPEND and memory limit), and the variants are the images of container.sh:
# bench (what we ship, its class-data archive included), jdk25, jdk25-aot, before (BEFORE_DIR); the time is from
# `podman start` (the container is created before, as podman's vfs storage copies the whole image then) to the first
# readiness 200, and the memory is the container's working set at ready. The presets directory is mounted into the
# container; in cluster mode it reaches MockApiServer on the host network as a pod reaches its API server (a service
# account and KUBERNETES_SERVICE_HOST).
# A run whose JVM cannot map its archive (it warns "Unable to use shared archive") stops the script.
#
# Usage: src/jmh/startup.sh [options]
#   --rounds N          rounds (default 5)
#   --modes LIST        comma separated (default directory,cluster)
#   --variants LIST     comma separated (default chart,c1,cds,quarkus-cds; the others: jdk25,jdk25-coh,jdk25-aot)
#   --presets N         presets, 5 of them matching (default 10000)
#   --memory-limit MI   container memory limit the JVM sizes itself for (-XX:MaxRAM; default the chart's)
#   --jar PATH          server jar of all variants but quarkus-cds (default target/quarkus-app/quarkus-run.jar)
#   --java25 PATH       the newer JDK's java (default /usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
#   --container         in the container (variants: bench,jdk25,jdk25-aot,before; default bench)
#   --chart-variant "NAME|IMAGE|SETS|ENV"
#                       with --container, a variant more: an image above with chart values (';'-separated KEY=VALUE,
#                       e.g. "jvmOptions=-XX:TieredStopAtLevel=1") and container environment (K=V;...), as footprint.sh
#   --build             build first: the jar and the bench helpers' classpath, and target/quarkus-cds when a
#                       variant needs it
#   --out DIR           where presets, archives and logs go (default: a new temp dir)
#   --help              this text
set -euo pipefail

source "$(dirname "$0")/lib.sh"
ROUNDS=5
MODES=directory,cluster
VARIANTS=chart,c1,cds,quarkus-cds
PRESETS=10000
BUILD=false
CONTAINER=false
OUT=""
CHART_VARIANTS=()
PORT=18643
MPORT=19200
CDS_DIR="$ROOT/target/quarkus-cds"
JAVA25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --modes) MODES="$2"; shift 2 ;;
    --variants) VARIANTS="$2"; shift 2 ;;
    --presets) PRESETS="$2"; shift 2 ;;
    --memory-limit) LIMIT_MI="$2"; JVM_OPTS=$(jvm_opts "$2"); shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --java25) JAVA25="$2"; shift 2 ;;
    --build) BUILD=true; shift ;;
    --container) CONTAINER=true; shift ;;
    --chart-variant) CHART_VARIANTS+=("$2"); shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
$CONTAINER && [[ $VARIANTS == chart,c1,cds,quarkus-cds ]] && VARIANTS=bench
has() { local x; for x in "${@:2}"; do [[ $x == "$1" ]] && return 0; done; return 1; } # word list...
if $CONTAINER; then source "$(dirname "$0")/container.sh"; fi
IFS=, read -r -a MODES <<<"$MODES"
IFS=, read -r -a VARIANTS <<<"$VARIANTS"
declare -A CHART_VARIANT # name -> "IMAGE|SETS|ENV" of a container variant
if $CONTAINER; then
  for v in "${VARIANTS[@]}"; do CHART_VARIANT[$v]="$v||"; done
  for v in "${CHART_VARIANTS[@]}"; do VARIANTS+=("${v%%|*}"); CHART_VARIANT[${v%%|*}]="${v#*|}"; done
elif ((${#CHART_VARIANTS[@]})); then
  echo "--chart-variant needs --container" >&2; exit 2
fi
for m in "${MODES[@]}"; do [[ $m == directory || $m == cluster ]] || { echo "unknown mode: $m" >&2; exit 2; }; done
for v in "${VARIANTS[@]}"; do
  if $CONTAINER; then
    has "${CHART_VARIANT[$v]%%|*}" "${CONTAINER_IMAGES[@]}" || { echo "unknown image variant: $v" >&2; exit 2; }
  else
    case $v in chart | c1 | cds | quarkus-cds | jdk25 | jdk25-coh | jdk25-aot) ;; *) echo "unknown variant: $v" >&2; exit 2 ;; esac
  fi
done

if $CONTAINER; then
  if $BUILD; then container_build $(for v in "${VARIANTS[@]}"; do echo "${CHART_VARIANT[$v]%%|*}"; done | sort -u); fi
  BUILD=false
  VARIANTS_HOST=()
else
  VARIANTS_HOST=("${VARIANTS[@]}")
fi

if $BUILD && has quarkus-cds "${VARIANTS_HOST[@]}"; then
  # First, so that the normal build below leaves target/quarkus-artifact.properties at target/quarkus-app.
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -Dquarkus.package.jar.appcds.enabled=true \
    -Dquarkus.package.output-directory=quarkus-cds)
fi
if has cluster "${MODES[@]}"; then need_bench "$BUILD"; else need_jar "$BUILD"; fi
if has jdk25 "${VARIANTS_HOST[@]}" || has jdk25-coh "${VARIANTS_HOST[@]}" || has jdk25-aot "${VARIANTS_HOST[@]}"; then
  "$JAVA25" -version >/dev/null 2>&1 || { echo "no newer JDK at $JAVA25 (--java25)" >&2; exit 3; }
fi
if has quarkus-cds "${VARIANTS_HOST[@]}" && [[ ! -f $CDS_DIR/app-cds.jsa ]]; then
  echo "no Quarkus AppCDS archive in $CDS_DIR: pass --build" >&2; exit 3
fi
OUT=$(realpath -m "${OUT:-$(mktemp -d -t podpreset-startup.XXXXXX)}")
mkdir -p "$OUT"
chmod 755 "$OUT" # the container's user reads the presets under it
trap 'stop_server; stop_helper; if $CONTAINER; then container_stop; fi' EXIT

declare -A SOURCE
if has directory "${MODES[@]}"; then
  write_presets "$OUT/presets" 5 "$PRESETS"
  chmod -R a+rX "$OUT/presets"
  SOURCE[directory]=""
fi
if has cluster "${MODES[@]}"; then
  start_mock_api_server 5 "$PRESETS"
  SOURCE[cluster]="-Dpodpreset.source=kubernetes $(kubernetes_opts "$HELPER_ADDRESS" "$API_SERVER_CA")"
fi

# CPU milliseconds MockApiServer has used so far, in cluster mode; "-" in directory mode.
api_cpu_ms() { # mode
  if [[ $1 == cluster ]]; then cpu_ms "$HELPER_PID"; else echo -; fi
}

# Milliseconds between two api_cpu_ms readings, or "-".
api_cpu_spent() { # before after
  if [[ $1 == - ]]; then echo -; else echo $(($2 - $1)); fi
}

# Heap in use (young + old generation) after a full GC, in MiB.
live_heap() {
  local jcmd=jcmd
  [[ $SERVER_JAVA == */* ]] && jcmd="${SERVER_JAVA%/java}/jcmd"
  "$jcmd" "$SERVER_PID" GC.run >/dev/null
  "$jcmd" "$SERVER_PID" GC.heap_info | awk '/generation|^DefNew|^Tenured/ {for (i = 1; i < NF; i++) if ($i == "used") {v = $(i + 1); sub(/K.*/, "", v); s += v}}
    END {printf "%d", s / 1024}'
}

# One start; prints the milliseconds to ready, VmRSS then, the live heap after it (MiB) and the API server's CPU
# milliseconds until ready.
time_to_ready() { # mode log [java options...]
  local mode="$1" log="$2" t0 t1 presets="" rss_mib heap_mib api0 api1; shift 2
  [[ $mode == directory ]] && presets="$OUT/presets"
  api0=$(api_cpu_ms "$mode")
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  start_server "$presets" "$log" ${SOURCE[$mode]} "$@"
  t1=$(date +%s%N)
  api1=$(api_cpu_ms "$mode")
  rss_mib=$(rss | cut -d' ' -f1)
  heap_mib=$(live_heap)
  stop_server
  if archive_unused "$log"; then
    echo "the JVM did not use its archive; see $log" >&2; exit 4
  fi
  echo "$(((t1 - t0) / 1000000)) $rss_mib $heap_mib $(api_cpu_spent "$api0" "$api1")"
}

# One start of an image as the chart runs it; prints the milliseconds from `podman start` to ready, the working
# set then (the JRE of the image has no jcmd: no live heap) and the API server's CPU milliseconds until ready.
container_time_to_ready() { # mode variant log work-dir
  trap 'container_stop' EXIT # this runs in a subshell of its own
  local source=(--presets "$OUT/presets") image sets envs
  [[ $1 == cluster ]] && source=(--service-account "$HELPER_ADDRESS" "$API_SERVER_CA")
  IFS='|' read -r image sets envs <<<"${CHART_VARIANT[$2]}"
  variant_args "$sets" "$envs"
  local ws api0 api1
  api0=$(api_cpu_ms "$1")
  container_start "$(container_image "$image")" "$4" "${source[@]}" "${VARIANT_ARGS[@]}"
  api1=$(api_cpu_ms "$1")
  ws=$(container_memory "$CONTAINER_ID" | cut -d' ' -f1)
  container_stop "$3"
  if archive_unused "$3"; then
    echo "the JVM did not use its archive; see $3" >&2; exit 4
  fi
  echo "$CONTAINER_READY_MS $ws - $(api_cpu_spent "$api0" "$api1")"
}

# One run of a variant in a mode: the variant's jar and options.
run_variant() { # mode variant log
  case "$2" in
    chart) time_to_ready "$1" "$3" ;;
    c1) time_to_ready "$1" "$3" -XX:TieredStopAtLevel=1 ;;
    cds) time_to_ready "$1" "$3" "-XX:SharedArchiveFile=$OUT/app-cds-$1.jsa" ;;
    quarkus-cds) JAR="$CDS_DIR/quarkus-run.jar" time_to_ready "$1" "$3" "-XX:SharedArchiveFile=$CDS_DIR/app-cds.jsa" ;;
    jdk25) SERVER_JAVA="$JAVA25" time_to_ready "$1" "$3" ;;
    jdk25-coh) SERVER_JAVA="$JAVA25" time_to_ready "$1" "$3" -XX:+UseCompactObjectHeaders ;;
    jdk25-aot) SERVER_JAVA="$JAVA25" time_to_ready "$1" "$3" "-XX:AOTCache=$OUT/jdk25-$1.aot" ;;
  esac
}

# Training runs: one start per mode that writes the archive or cache its variant then maps.
train() { # file log [time_to_ready arguments...]
  local file="$1" log="$2"; shift 2
  time_to_ready "$@" >/dev/null
  [[ -f $file ]] || { echo "no archive $file written (see $log)" >&2; exit 4; }
}
for m in "${MODES[@]}"; do
  if has cds "${VARIANTS_HOST[@]}"; then
    train "$OUT/app-cds-$m.jsa" "$OUT/train-$m.log" "$m" "$OUT/train-$m.log" "-XX:ArchiveClassesAtExit=$OUT/app-cds-$m.jsa"
  fi
  if has jdk25-aot "${VARIANTS_HOST[@]}"; then
    SERVER_JAVA="$JAVA25" train "$OUT/jdk25-$m.aot" "$OUT/train-jdk25-$m.log" "$m" \
      "$OUT/train-jdk25-$m.log" "-XX:AOTCacheOutput=$OUT/jdk25-$m.aot"
  fi
done

echo "round mode variant ms_to_ready rss_mib live_heap_mib api_cpu_ms   ($(date +%T) $(uptime | sed 's/.*load/load/'); $PRESETS presets; jvm: $JVM_OPTS)"
for r in $(seq 1 "$ROUNDS"); do
  for m in "${MODES[@]}"; do
    for v in "${VARIANTS[@]}"; do
      if $CONTAINER; then
        echo "$r $m $v $(container_time_to_ready "$m" "$v" "$OUT/$m-$v-$r.log" "$OUT/work-$m-$v-$r")" | tee -a "$OUT/runs.txt"
      else
        echo "$r $m $v $(run_variant "$m" "$v" "$OUT/$m-$v-$r.log")" | tee -a "$OUT/runs.txt"
      fi
    done
  done
done
# Prints the label, then the median, minimum and maximum of the numbers on stdin and how many there are.
median_line() { # label
  sort -n | awk -v k="$1" '{a[NR] = $1}
    END {printf "%s median %d ms  min %d  max %d  (%d runs)\n", k, (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[1], a[NR], NR}'
}
for m in "${MODES[@]}"; do
  for v in "${VARIANTS[@]}"; do
    awk -v m="$m" -v v="$v" '$2 == m && $3 == v {print $4}' "$OUT/runs.txt" | median_line "$(printf '%-21s' "$m $v")"
  done
done
if has cluster "${MODES[@]}"; then
  for v in "${VARIANTS[@]}"; do
    awk -v v="$v" '$2 == "cluster" && $3 == v {print $7}' "$OUT/runs.txt" \
      | median_line "$(printf '%-21s' "cluster $v") MockApiServer CPU until ready:"
  done
fi
echo "end $(date +%T) $(uptime | sed 's/.*load/load/'); logs in $OUT"
