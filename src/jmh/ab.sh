#!/usr/bin/env bash
# Paired A/B saturation benchmark for a shared, noisy machine.
#
# Starts several server variants side by side (each on its own port, all with the same presets), warms
# them up, then for several rounds alternates short wrk saturation runs over every variant and both
# endpoints (/mutate and /baseline/allow), so that every variant sees the same background load. Prints,
# per run, req/s and the server's own CPU time per request (utime+stime of the server process over the
# run / requests: much less sensitive to other load on the machine than req/s), and each variant's
# VmRSS/VmHWM at the end.
#
# Usage: src/jmh/ab.sh LOAD_OUT PRESETS POD ROUNDS SECS "name|jar|jvm options|env" ...
#   LOAD_OUT  an --out directory of a previous src/jmh/load.sh run (request bodies, presets, post.lua)
#   PRESETS   scenario directory name in it, e.g. presets-5-of-10000
#   POD       small or large
#   "name|jar|jvm options|env"  one variant; env is a space-separated list of VAR=value (may be empty)
# Example:
#   src/jmh/load.sh --smoke --scenarios 10/10 --out /tmp/load
#   src/jmh/ab.sh /tmp/load presets-10-of-10 small 5 3 \
#     "old|/tmp/old-app/quarkus-run.jar|-XX:+UseSerialGC -Xmx128m|" \
#     "new|target/quarkus-app/quarkus-run.jar|-XX:+UseSerialGC -Xmx128m|MALLOC_ARENA_MAX=2"
set -u
[[ $# -ge 6 ]] || { sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2; }
D=$1; PRE=$D/$2; POD=$3; ROUNDS=$4; SECS=$5; shift 5
[[ -f $D/$POD.json && -f $D/post.lua && -d $PRE ]] || { echo "no $D/$POD.json, $D/post.lua or $PRE" >&2; exit 3; }
names=(); pids=(); ports=(); i=0
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap stop_all EXIT
for v in "$@"; do
  IFS="|" read -r name jar opts envs <<<"$v"
  port=$((28443 + i)); mport=$((29000 + i))
  env $envs PODPRESET_PRESETS_DIR="$PRE" PODPRESET_BENCHMARK_ENDPOINTS=true PODPRESET_TLS_GENERATED_DIR="$D/tls-ab-$i" \
    java $opts -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.ssl-port=$port -Dquarkus.management.host=127.0.0.1 \
    -Dquarkus.management.port=$mport -jar "$jar" >"$D/ab-server-$name.log" 2>&1 &
  pids+=($!); names+=("$name"); ports+=($port); i=$((i + 1))
done
for m in $(seq 0 $((i - 1))); do
  deadline=$((SECONDS + 120))
  until curl -sf "http://127.0.0.1:$((29000 + m))/q/health/ready" >/dev/null 2>&1; do
    kill -0 "${pids[m]}" 2>/dev/null && ((SECONDS < deadline)) || { echo "${names[m]} did not start" >&2; exit 4; }
    sleep 0.3
  done
done
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
for m in $(seq 0 $((i - 1))); do for p in /mutate /baseline/allow; do
  BODY=$D/$POD.json timeout 30 wrk -t2 -c8 -d3s -s "$D/post.lua" "https://127.0.0.1:${ports[m]}$p" >/dev/null 2>&1
done; done
echo "round variant path rps cpu_us_per_req   ($(date +%T) $(uptime | sed 's/.*load/load/'))"
for r in $(seq 1 "$ROUNDS"); do
  for m in $(seq 0 $((i - 1))); do for p in /mutate /baseline/allow; do
    c0=$(cpu "${pids[m]}")
    out=$(BODY=$D/$POD.json timeout $((SECS + 30)) wrk -t2 -c16 -d"${SECS}s" -s "$D/post.lua" "https://127.0.0.1:${ports[m]}$p" 2>&1)
    c1=$(cpu "${pids[m]}")
    reqs=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/^Requests\/sec/ {printf "%.0f", $2}')
    bad=$(echo "$out" | awk '/Non-2xx|Socket errors/' | tr '\n' ' ')
    echo "$r ${names[m]} $p $rps $(awk -v c=$((c1 - c0)) -v n="$reqs" -v hz="$hz" 'BEGIN {printf "%.1f", c * 1e6 / hz / n}') $bad"
  done; done
done
for m in $(seq 0 $((i - 1))); do
  echo "${names[m]} rss: $(awk '/^VmRSS|^VmHWM/ {printf "%s %d MiB  ", $1, $2 / 1024}' "/proc/${pids[m]}/status")"
done
echo "end $(date +%T) $(uptime | sed 's/.*load/load/')"
