#!/usr/bin/env bash
# Start-up cost of the command line, hyperfine-style: repeated runs of each command, interleaved round by
# round so that every command sees the same background load, against the JVM's own start-up
# ('java -version') measured in the same run. Prints per command the median wall time and the median
# CPU time (user+sys, less sensitive to other load on a shared machine) and both as a ratio to the
# baseline. 'inject' is plain 'java -jar', 'launcher' the same through bin/podpreset (its JVM options).
#
# Usage: src/jmh/cli.sh [ROUNDS]      (default 20; needs ./mvnw -B package -DskipTests first)
set -u
ROUNDS=${1:-20}
cd "$(dirname "$0")/../.."
JAR=target/quarkus-app/quarkus-run.jar
[[ -f $JAR ]] || { echo "no $JAR: run ./mvnw -B package -DskipTests" >&2; exit 2; }
JAVA=${JAVA:-java}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

names=(baseline version inject launcher)
run() {
  case $1 in
    baseline) "$JAVA" -version ;;
    version) "$JAVA" -jar "$JAR" version ;;
    inject) "$JAVA" -jar "$JAR" inject --presets examples -f examples/manifests/website.yaml ;;
    # bin/podpreset, with its short-run JVM options
    launcher) JAVA=$JAVA bin/podpreset inject --presets examples -f examples/manifests/website.yaml ;;
  esac
}

for name in "${names[@]}"; do run "$name" >/dev/null 2>&1 || { echo "$name failed" >&2; exit 3; }; done  # warm the page cache
for _ in $(seq "$ROUNDS"); do
  for name in "${names[@]}"; do
    start=$(date +%s%N)
    # CPU time of the child from bash's TIMEFORMAT, wall time from the clock.
    cpu=$( { TIMEFORMAT='%U %S'; time run "$name" >/dev/null 2>&1; } 2>&1 )
    end=$(date +%s%N)
    read -r user sys <<<"$cpu"
    echo "$(( (end - start) / 1000000 )) $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')" >>"$out/$name"
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
base_wall=$(cut -d' ' -f1 "$out/baseline" | median)
base_cpu=$(cut -d' ' -f2 "$out/baseline" | median)
printf '%-9s %10s %8s %10s %8s   (%s rounds, %s cores, load %s)\n' command wall-ms ratio cpu-ms ratio "$ROUNDS" \
  "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
for name in "${names[@]}"; do
  wall=$(cut -d' ' -f1 "$out/$name" | median)
  cpu=$(cut -d' ' -f2 "$out/$name" | median)
  awk -v n="$name" -v w="$wall" -v c="$cpu" -v bw="$base_wall" -v bc="$base_cpu" \
    'BEGIN { printf "%-9s %10d %8.1f %10d %8.1f\n", n, w, w / bw, c, (bc > 0 ? c / bc : 0) }'
done
