#!/usr/bin/env bash
# Paired A/B saturation benchmark for a shared, noisy machine.
#
# Starts several server variants side by side (each on its own port, all with the same presets), warms
# them up, then for several rounds alternates short wrk saturation runs of POST /mutate over every variant,
# so that every variant sees the same background load. Prints,
# per run, req/s and the server's own CPU time per request (utime+stime of the server process over the
# run / requests: much less sensitive to other load on the machine than req/s), and each variant's
# VmRSS/VmHWM at the end.
#
# A variant whose jar is "nginx" is a TLS floor: nginx (Debian's nginx-light, installed when missing),
# one process, TLS 1.3 only, answering with the exact bytes the first server variant answers for this pod
# (read from a file), so it moves the same bytes through TLS and HTTP/1.1 keep-alive and does nothing else.
# A variant whose jar is "baseline" is the JVM floor: BaselineServer (src/jmh/java, Vert.x HTTPS as the
# server's, a constant answer, the TLS engine of PODPRESET_TLS_ENGINE in its env, default openssl); it needs
# the helpers' classpath (src/jmh/load.sh --build).
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
#     "new|target/quarkus-app/quarkus-run.jar|-XX:+UseSerialGC -Xmx128m|MALLOC_ARENA_MAX=2" \
#     "baseline|baseline||" "nginx|nginx||"
set -u
[[ $# -ge 6 ]] || { sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 2; }
D=$1; PRE=$D/$2; POD=$3; ROUNDS=$4; SECS=$5; shift 5
[[ -f $D/$POD.json && -f $D/post.lua && -d $PRE ]] || { echo "no $D/$POD.json, $D/post.lua or $PRE" >&2; exit 3; }
source "$(dirname "$0")/lib.sh"
OUT=$D
names=(); pids=(); ports=(); mports=(); i=0
stop_all() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap stop_all EXIT
floors=()
for v in "$@"; do
  IFS="|" read -r name jar opts envs <<<"$v"
  [[ $jar == nginx ]] && { floors+=("$name"); continue; }
  port=$((28443 + i)); mport=$((29000 + i))
  if [[ $jar == baseline ]]; then
    engine=$(echo "$envs" | tr ' ' '\n' | sed -n 's/^PODPRESET_TLS_ENGINE=//p'); engine=${engine:-openssl}
    start_baseline "$port" "$engine"
    pids+=("$BASELINE_PID"); names+=("$name"); ports+=($port); mports+=(""); i=$((i + 1))
    continue
  fi
  env $envs PODPRESET_PRESETS_DIR="$PRE" PODPRESET_TLS_GENERATED_DIR="$D/tls-ab-$i" \
    java $opts -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.ssl-port=$port -Dquarkus.management.host=127.0.0.1 \
    -Dquarkus.management.port=$mport -jar "$jar" >"$D/ab-server-$name.log" 2>&1 &
  pids+=($!); names+=("$name"); ports+=($port); mports+=($mport); i=$((i + 1))
done
for m in $(seq 0 $((i - 1))); do
  [[ -n "${mports[m]}" ]] || continue # a baseline serves once started
  deadline=$((SECONDS + 120))
  until curl -sf "http://127.0.0.1:${mports[m]}/q/health/ready" >/dev/null 2>&1; do
    kill -0 "${pids[m]}" 2>/dev/null && ((SECONDS < deadline)) || { echo "${names[m]} did not start" >&2; exit 4; }
    sleep 0.3
  done
done
# The nginx floors, once the first server has answered this pod once.
for name in "${floors[@]}"; do
  need_tool nginx nginx-light
  port=$((28443 + i)); conf=$D/ab-nginx-$i; mkdir -p "$conf"
  curl -sfk --retry 30 --retry-connrefused --retry-delay 1 -X POST -H 'Content-Type: application/json' --data-binary @"$D/$POD.json" \
    "https://127.0.0.1:${ports[0]}/mutate" >"$conf/mutate.json" || { echo "no answer from ${names[0]} on /mutate" >&2; exit 4; }
  cat >"$conf/nginx.conf" <<EOF
daemon off; master_process off; worker_processes 1; pid $conf/nginx.pid; error_log $conf/error.log warn;
events { worker_connections 256; }
http {
  access_log off; client_body_temp_path $conf/body; client_max_body_size 4m; client_body_buffer_size 64k;
  keepalive_requests 100000000; keepalive_timeout 120s;
  server {
    listen 127.0.0.1:$port ssl; ssl_protocols TLSv1.3;
    ssl_certificate $D/tls-ab-0/podpreset-injector.crt; ssl_certificate_key $D/tls-ab-0/podpreset-injector.key;
    default_type application/json;
    # nginx serves no file to a POST (405); the error page turns that into 200 with the file's bytes.
    location = /mutate { error_page 405 =200 /answer/mutate.json; return 405; }
    location /answer/ { internal; alias $conf/; }
  }
}
EOF
  nginx -p "$conf" -c "$conf/nginx.conf" >"$D/ab-server-$name.log" 2>&1 &
  pids+=($!); names+=("$name"); ports+=($port); mports+=(""); i=$((i + 1))
  until curl -sfk -o /dev/null -X POST --data-binary @"$D/$POD.json" "https://127.0.0.1:$port/mutate"; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "nginx did not start: $(cat "$D/ab-server-$name.log")" >&2; exit 4; }
    sleep 0.2
  done
done
for m in $(seq 0 $((i - 1))); do p=/mutate
  BODY=$D/$POD.json timeout 30 wrk -t2 -c8 -d3s -s "$D/post.lua" "https://127.0.0.1:${ports[m]}$p" >/dev/null 2>&1
done
echo "round variant path rps cpu_us_per_req   ($(date +%T) $(uptime | sed 's/.*load/load/'))"
for r in $(seq 1 "$ROUNDS"); do
  for m in $(seq 0 $((i - 1))); do p=/mutate
    c0=$(cpu_ms "${pids[m]}")
    out=$(BODY=$D/$POD.json timeout $((SECS + 30)) wrk -t2 -c16 -d"${SECS}s" -s "$D/post.lua" "https://127.0.0.1:${ports[m]}$p" 2>&1)
    c1=$(cpu_ms "${pids[m]}")
    reqs=$(echo "$out" | awk '/requests in/ {print $1}')
    rps=$(echo "$out" | awk '/^Requests\/sec/ {printf "%.0f", $2}')
    bad=$(echo "$out" | awk '/Non-2xx|Socket errors/' | tr '\n' ' ')
    echo "$r ${names[m]} $p $rps $(awk -v c=$((c1 - c0)) -v n="$reqs" 'BEGIN {printf "%.1f", c * 1000 / n}') $bad"
  done
done
for m in $(seq 0 $((i - 1))); do
  echo "${names[m]} rss: $(awk '/^VmRSS|^VmHWM/ {printf "%s %d MiB  ", $1, $2 / 1024}' "/proc/${pids[m]}/status")"
done
echo "end $(date +%T) $(uptime | sed 's/.*load/load/')"
