#!/usr/bin/env bash
# Start-up to ready: milliseconds from starting `java` to the first 200 of /q/health/ready on the management
# port (readiness waits for the presets and for the HTTPS port to listen), with 10,000 presets (5 of them
# matching the bench pod; the shapes of BenchData), in two modes and several JVM option variants. Rounds
# are interleaved (every round runs every mode and variant once) so that all see the same background load.
# Prints every run (with the resident memory at ready, and the heap in use after a full GC right after it),
# then per mode and variant the median, minimum and maximum time, and the load average.
#
# Modes:
#   directory  the presets as files (written by lib.sh), podpreset.presets-dir.
#   cluster    podpreset.source=kubernetes against MockApiServer (src/jmh/java): the fabric8 mock server in
#              CRUD mode holding the same presets and namespaces; started once, before the rounds. No
#              controller. Its lists and watches run on the same machine as the server measured.
# Variants:
#   chart        the chart's jvmOptions with -XX:MaxRAM at the memory limit and SerialGC, as load.sh.
#   c1           chart + -XX:TieredStopAtLevel=1 (faster start, slower steady state).
#   cds          chart + a dynamic AppCDS archive (-XX:SharedArchiveFile), written per mode by one extra
#                training run of that mode first (-XX:ArchiveClassesAtExit, written when the JVM exits).
#   quarkus-cds  chart + the archive Quarkus builds (quarkus.package.jar.appcds.enabled), from the jar it
#                was built with, target/quarkus-cds/quarkus-run.jar. --build makes it; the normal build
#                and the pom are unchanged. It must run on the very JVM that built it.
# A run whose JVM cannot map its archive (it warns "Unable to use shared archive") stops the script.
#
# Usage: src/jmh/startup.sh [options]
#   --rounds N          rounds (default 5)
#   --modes LIST        comma separated (default directory,cluster)
#   --variants LIST     comma separated (default chart,c1,cds,quarkus-cds)
#   --presets N         presets, 5 of them matching (default 10000)
#   --memory-limit MI   container memory limit the JVM sizes itself for (-XX:MaxRAM; default the chart's)
#   --jar PATH          server jar of all variants but quarkus-cds (default target/quarkus-app/quarkus-run.jar)
#   --build             build first: the jar and the bench helpers' classpath, and target/quarkus-cds
#   --out DIR           where presets, archives and logs go (default: a new temp dir)
#   --help              this text
set -euo pipefail

source "$(dirname "$0")/lib.sh"
ROUNDS=5
MODES=directory,cluster
VARIANTS=chart,c1,cds,quarkus-cds
PRESETS=10000
BUILD=false
OUT=""
PORT=18643
MPORT=19200
CDS_DIR="$ROOT/target/quarkus-cds"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift 2 ;;
    --modes) MODES="$2"; shift 2 ;;
    --variants) VARIANTS="$2"; shift 2 ;;
    --presets) PRESETS="$2"; shift 2 ;;
    --memory-limit) LIMIT_MI="$2"; JVM_OPTS=$(jvm_opts "$2"); shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --build) BUILD=true; shift ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
IFS=, read -r -a MODES <<<"$MODES"
IFS=, read -r -a VARIANTS <<<"$VARIANTS"
for m in "${MODES[@]}"; do [[ $m == directory || $m == cluster ]] || { echo "unknown mode: $m" >&2; exit 2; }; done
for v in "${VARIANTS[@]}"; do
  [[ $v == chart || $v == c1 || $v == cds || $v == quarkus-cds ]] || { echo "unknown variant: $v" >&2; exit 2; }
done
has() { local x; for x in "${@:2}"; do [[ $x == "$1" ]] && return 0; done; return 1; } # word list...

if $BUILD && has quarkus-cds "${VARIANTS[@]}"; then
  # First, so that the normal build below leaves target/quarkus-artifact.properties at target/quarkus-app.
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package -Dquarkus.package.jar.appcds.enabled=true \
    -Dquarkus.package.output-directory=quarkus-cds)
fi
if has cluster "${MODES[@]}"; then need_bench "$BUILD"; else need_jar "$BUILD"; fi
if has quarkus-cds "${VARIANTS[@]}" && [[ ! -f $CDS_DIR/app-cds.jsa ]]; then
  echo "no Quarkus AppCDS archive in $CDS_DIR: pass --build" >&2; exit 3
fi
OUT=$(realpath -m "${OUT:-$(mktemp -d -t podpreset-startup.XXXXXX)}")
mkdir -p "$OUT"
trap 'stop_server; stop_helper' EXIT

declare -A SOURCE
if has directory "${MODES[@]}"; then
  write_presets "$OUT/presets" 5 "$PRESETS"
  SOURCE[directory]=""
fi
if has cluster "${MODES[@]}"; then
  # Storing is one create request per preset: allow minutes.
  start_helper "$OUT/api-server.log" "$OUT/api-server.url" 600 \
    -Xmx1g dev.podpreset.bench.MockApiServer 5 "$PRESETS" "$OUT/api-server.url"
  SOURCE[cluster]="-Dpodpreset.source=kubernetes $(kubernetes_opts "$HELPER_ADDRESS")"
  echo "$(tail -1 "$OUT/api-server.log") at $HELPER_ADDRESS"
fi

# Heap in use (young + old generation) after a full GC, in MiB.
live_heap() {
  jcmd "$SERVER_PID" GC.run >/dev/null
  jcmd "$SERVER_PID" GC.heap_info | awk '/generation/ {for (i = 1; i < NF; i++) if ($i == "used") {v = $(i + 1); sub(/K.*/, "", v); s += v}}
    END {printf "%d", s / 1024}'
}

# One start; prints the milliseconds to ready, VmRSS then and the live heap after it (MiB).
time_to_ready() { # mode log [java options...]
  local mode="$1" log="$2" t0 t1 presets="" rss_mib heap_mib; shift 2
  [[ $mode == directory ]] && presets="$OUT/presets"
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  start_server "$presets" "$log" ${SOURCE[$mode]} "$@"
  t1=$(date +%s%N)
  rss_mib=$(rss | cut -d' ' -f1)
  heap_mib=$(live_heap)
  stop_server
  if grep -q 'Unable to use shared archive' "$log"; then
    echo "the JVM did not use its archive; see $log" >&2; exit 4
  fi
  echo "$(((t1 - t0) / 1000000)) $rss_mib $heap_mib"
}

# One run of a variant in a mode: the variant's jar and options.
run_variant() { # mode variant log
  case "$2" in
    chart) time_to_ready "$1" "$3" ;;
    c1) time_to_ready "$1" "$3" -XX:TieredStopAtLevel=1 ;;
    cds) time_to_ready "$1" "$3" "-XX:SharedArchiveFile=$OUT/app-cds-$1.jsa" ;;
    quarkus-cds) JAR="$CDS_DIR/quarkus-run.jar" time_to_ready "$1" "$3" "-XX:SharedArchiveFile=$CDS_DIR/app-cds.jsa" ;;
  esac
}

if has cds "${VARIANTS[@]}"; then
  for m in "${MODES[@]}"; do
    time_to_ready "$m" "$OUT/train-$m.log" "-XX:ArchiveClassesAtExit=$OUT/app-cds-$m.jsa" >/dev/null
    [[ -f $OUT/app-cds-$m.jsa ]] || { echo "no AppCDS archive written (see $OUT/train-$m.log)" >&2; exit 4; }
  done
fi

echo "round mode variant ms_to_ready rss_mib live_heap_mib   ($(date +%T) $(uptime | sed 's/.*load/load/'); $PRESETS presets; jvm: $JVM_OPTS)"
for r in $(seq 1 "$ROUNDS"); do
  for m in "${MODES[@]}"; do
    for v in "${VARIANTS[@]}"; do
      echo "$r $m $v $(run_variant "$m" "$v" "$OUT/$m-$v-$r.log")" | tee -a "$OUT/runs.txt"
    done
  done
done
for m in "${MODES[@]}"; do
  for v in "${VARIANTS[@]}"; do
    awk -v m="$m" -v v="$v" '$2 == m && $3 == v {print $4}' "$OUT/runs.txt" | sort -n | awk -v k="$m $v" \
      '{a[NR] = $1} END {printf "%-21s median %d ms  min %d  max %d  (%d runs)\n", k, (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[1], a[NR], NR}'
  done
done
echo "end $(date +%T) $(uptime | sed 's/.*load/load/'); logs in $OUT"
