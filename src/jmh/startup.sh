#!/usr/bin/env bash
# Start-up to ready: milliseconds from starting `java` to the first 200 of /q/health/ready, for
# directory mode with 10,000 presets (5 of them matching the bench pod; the shapes of BenchData, written by
# lib.sh), for several JVM option variants, rounds interleaved so that every variant sees the same
# background load. Prints every run, then per variant the median, minimum and maximum, and the load average.
#
# Variants: "chart" (the chart's jvmOptions with -XX:MaxRAM at its memory limit and SerialGC, as load.sh),
# "c1" (chart + -XX:TieredStopAtLevel=1: faster start, slower steady state), "cds" (chart + a dynamic
# AppCDS archive of the JDK, -XX:SharedArchiveFile, written by one extra training run first).
#
# Usage: src/jmh/startup.sh [ROUNDS] [OUT] [JAR]   (default 5 rounds, a new temp dir,
#   target/quarkus-app/quarkus-run.jar: build it first with ./mvnw -B package -DskipTests)
set -euo pipefail

source "$(dirname "$0")/lib.sh"
ROUNDS=${1:-5}
OUT=${2:-$(mktemp -d -t podpreset-startup.XXXXXX)}
JAR=${3:-$JAR}
PORT=18643
MPORT=19200
need_jar false
mkdir -p "$OUT"
trap stop_server EXIT
write_presets "$OUT/presets" 5 10000

ARCHIVE="$OUT/app-cds.jsa"
declare -A OPTS=([chart]="" [c1]="-XX:TieredStopAtLevel=1" [cds]="-XX:SharedArchiveFile=$ARCHIVE")
VARIANTS=(chart c1 cds)

# One start; prints the milliseconds to ready.
time_to_ready() { # log [java options...]
  local log="$1" t0 t1; shift
  t0=$(date +%s%N)
  start_server "$OUT/presets" "$log" "$@"
  t1=$(date +%s%N)
  stop_server
  echo $(((t1 - t0) / 1000000))
}

# The training run writes the archive when the JVM exits (after SIGTERM).
time_to_ready "$OUT/train.log" "-XX:ArchiveClassesAtExit=$ARCHIVE" >/dev/null
[[ -f $ARCHIVE ]] || { echo "no AppCDS archive written (see $OUT/train.log)" >&2; exit 4; }

echo "round variant ms_to_ready   ($(date +%T) $(uptime | sed 's/.*load/load/'))"
for r in $(seq 1 "$ROUNDS"); do
  for v in "${VARIANTS[@]}"; do
    # shellcheck disable=SC2086
    ms=$(time_to_ready "$OUT/$v-$r.log" ${OPTS[$v]})
    echo "$r $v $ms" | tee -a "$OUT/runs.txt"
  done
done
for v in "${VARIANTS[@]}"; do
  awk -v v="$v" '$2 == v {print $3}' "$OUT/runs.txt" | sort -n | awk -v v="$v" \
    '{a[NR] = $1} END {printf "%-6s median %d ms  min %d  max %d  (%d runs)\n", v, (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2), a[1], a[NR], NR}'
done
echo "end $(date +%T) $(uptime | sed 's/.*load/load/')"
