# Helpers shared by the load scripts of src/jmh (sourced, not run): the chart's JVM options, the request
# bodies of BenchData, starting and stopping the server jar on loopback, and starting the helper mains of
# src/jmh/java (API servers).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
# The chart's defaults: its jvmOptions on a machine the size of its memory limit (MaxRAM sizes the heap
# as the container limit would; below 2 CPUs or 1792 MB the JVM picks SerialGC itself).
VALUES="$ROOT/charts/podpreset-injector/values.yaml"
LIMIT_MI=$(awk '/^  limits:/ {l = 1} l && /memory:/ {sub("Mi", "", $2); print $2; exit}' "$VALUES")
CHART_JVM_OPTIONS=$(sed -n 's/^jvmOptions: "\(.*\)"$/\1/p' "$VALUES")
jvm_opts() { echo "-XX:MaxRAM=${1}m -XX:+UseSerialGC $CHART_JVM_OPTIONS"; } # memory-limit-MiB
JVM_OPTS=$(jvm_opts "$LIMIT_MI")

# Installs a Debian package with apt-get when the command is missing and we run as root.
need_tool() { # command package
  command -v "$1" >/dev/null && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "installing $2 with apt-get" >&2
    apt-get update -qq >/dev/null && apt-get install -y -qq "$2" >/dev/null
  else
    echo "$1 is not installed (apt-get install $2)" >&2; exit 3
  fi
}

need_jar() { # build?
  if [[ "$1" == true ]]; then
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
  fi
  [[ -f "$JAR" ]] || { echo "no server jar at $JAR: build it (./mvnw -B package -DskipTests) or pass --build" >&2; exit 3; }
}

# --- the helper mains of src/jmh/java: compiled with the tests, run on the test classpath ------------
BENCH_BUILD=(./mvnw -B -q -DskipTests package dependency:build-classpath
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test)
need_bench() { # build?   the server jar and the helpers' classpath
  if [[ "$1" == true ]]; then
    (cd "$ROOT" && "${BENCH_BUILD[@]}")
  fi
  [[ -f "$JAR" && -f "$ROOT/target/bench.classpath" ]] || { echo "not built: pass --build (${BENCH_BUILD[*]})" >&2; exit 3; }
}

# Starts a helper that writes its address to a file once it serves; sets HELPER_PID and HELPER_ADDRESS.
HELPER_PID=""
start_helper() { # log address-file timeout-seconds java-args...
  local log="$1" file="$2" deadline=$((SECONDS + $3)); shift 3
  rm -f "$file"
  java -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench.classpath")" "$@" >"$log" 2>&1 &
  HELPER_PID=$!
  until [[ -s "$file" ]]; do
    kill -0 "$HELPER_PID" 2>/dev/null || { echo "helper died; see $log" >&2; tail -20 "$log" >&2; exit 4; }
    ((SECONDS < deadline)) || { echo "helper not serving after $3 s; see $log" >&2; exit 4; }
    sleep 0.1
  done
  HELPER_ADDRESS=$(cat "$file")
}

# Starts MockApiServer (src/jmh/java): the fabric8 mock in CRUD mode, over HTTPS, holding `matching` of `loaded` presets
# (the shapes of BenchData) and their namespaces; sets HELPER_ADDRESS and API_SERVER_CA (the PEM of its certificate)
# and prints what it stored.
start_mock_api_server() { # matching loaded
  API_SERVER_CA="$OUT/api-server.ca.crt"
  # Storing is one create request per preset: allow minutes.
  start_helper "$OUT/api-server.log" "$OUT/api-server.url" 600 \
    -Xmx1g dev.podpreset.bench.MockApiServer "$1" "$2" "$OUT/api-server.url" "$API_SERVER_CA"
  chmod a+r "$API_SERVER_CA"
  echo "$(tail -1 "$OUT/api-server.log") at $HELPER_ADDRESS"
}

BASELINE_PID=""
# Starts BaselineServer (src/jmh/java), the floor /mutate is measured against, on loopback: HTTPS with the
# server's kind of certificate and the given TLS engine, a constant answer; sets BASELINE_PID and BASELINE_URL.
start_baseline() { # port jdk|openssl
  start_helper "$OUT/baseline-$1.log" "$OUT/baseline-$1.address" 60 dev.podpreset.bench.BaselineServer "$1" "$2" \
    "$OUT/tls-baseline-$1" "$OUT/baseline-$1.address"
  BASELINE_PID=$HELPER_PID; BASELINE_URL=$HELPER_ADDRESS; HELPER_PID=""
}

stop_helper() {
  if [[ -n "$HELPER_PID" ]]; then
    kill "$HELPER_PID" 2>/dev/null || true; wait "$HELPER_PID" 2>/dev/null || true
  fi
  HELPER_PID=""
}

# fabric8's client options for an API server on loopback over HTTPS, its certificate issued by the PEM file `ca`,
# without credentials (no kubeconfig, no service account).
kubernetes_opts() { # url ca
  echo "-Dkubernetes.master=$1 -Dkubernetes.certs.ca.file=$2 -Dkubernetes.auth.tryKubeConfig=false -Dkubernetes.auth.tryServiceAccount=false -Dkubernetes.namespace=podpreset"
}

# --- load with wrk ----------------------------------------------------------------------------------
# Drives POST bodies with wrk: a fixed per-connection delay gives the fixed rate, each thread stops
# after its share of the request bound. wrk measures latency from sending each request.
write_post_lua() {
  cat >"$OUT/post.lua" <<'LUA'
local f = assert(io.open(os.getenv("BODY"), "rb")); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local delay_ms = tonumber(os.getenv("DELAY_MS") or "0")
local max_per_thread = tonumber(os.getenv("MAX_PER_THREAD") or "0")
local done = 0
if delay_ms > 0 then function delay() return delay_ms end end
function response(status, headers, body)
  done = done + 1
  if max_per_thread > 0 and done >= max_per_thread then wrk.thread:stop() end
end
LUA
}

# One wrk run of $DURATION seconds; prints "rps p50_ms p99_ms non2xx+errors requests". Rate "max" = no delay with
# $CONNECTIONS connections.
run_load() { # url body rate label
  local url="$1" body="$2" rate="$3" out="$OUT/wrk-$4.txt" conns delay max
  if [[ "$rate" == max ]]; then
    conns=$CONNECTIONS; delay=0; max=$((200000 * DURATION))
  else
    conns=$(( rate >= 1000 ? 20 : 10 )); delay=$(( conns * 1000 / rate )); max=$(( rate * DURATION ))
  fi
  BODY="$body" DELAY_MS=$delay MAX_PER_THREAD=$(( max / 2 + 1 )) timeout $((DURATION + 30)) \
    wrk -t2 -c"$conns" -d"${DURATION}s" --latency -s "$OUT/post.lua" "$url" >"$out" 2>&1 || true
  awk 'function ms(v) { if (v ~ /us$/) return v * 0.001; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       /^ +50%/ {p50=ms($2)} /^ +99%/ {p99=ms($2)} /^Requests\/sec/ {rps=$2} / requests in / {n=$1}
       /Non-2xx/ {bad += $NF} /Socket errors/ {bad += 1}
       END {printf "%.0f %.2f %.2f %d %d", rps, p50, p99, bad, n}' "$out"
}

# --- request bodies: the pods of BenchData.request("small"/"large") --------------------------------
write_request() { # name containers env-per-container volumes
  local file="$OUT/$1.json" c e v m
  {
    printf '{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{"uid":"705ab4f5-6393-11e8-b7cc-42010a800002",'
    printf '"kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},'
    printf '"namespace":"bench","operation":"CREATE","userInfo":{"username":"system:serviceaccount:kube-system:replicaset-controller"},'
    printf '"object":{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"bench-7d4b9c-","namespace":"bench",'
    printf '"labels":{"app":"bench","role":"web","pod-template-hash":"7d4b9c"},'
    printf '"annotations":{"kubectl.kubernetes.io/default-container":"main-0"}},"spec":{"volumes":['
    for ((v = 0; v < $4; v++)); do
      ((v > 0)) && printf ','
      if ((v % 2 == 0)); then printf '{"name":"data-%d","configMap":{"name":"config-%d","defaultMode":420}}' $v $v
      else printf '{"name":"data-%d","emptyDir":{}}' $v; fi
    done
    printf '],"containers":['
    for ((c = 0; c < $2; c++)); do
      ((c > 0)) && printf ','
      printf '{"name":"main-%d","image":"registry.example.com/app/main-%d:1.4.2","imagePullPolicy":"IfNotPresent",' $c $c
      printf '"ports":[{"containerPort":%d,"protocol":"TCP"}],"env":[' $((8080 + c))
      for ((e = 0; e < $3; e++)); do
        ((e > 0)) && printf ','
        printf '{"name":"SETTING_%d_%d","value":"value-%d-of-container-%d"}' $c $e $e $c
      done
      printf '],"resources":{"requests":{"cpu":"100m","memory":"128Mi"},"limits":{"memory":"256Mi"}},"volumeMounts":['
      for ((m = 0; m < 2 && m < $4; m++)); do
        ((m > 0)) && printf ','
        v=$(((c * 2 + m) % $4)); printf '{"name":"data-%d","mountPath":"/data/%d"}' $v $v
      done
      printf '],"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}'
    done
    printf '],"restartPolicy":"Always","dnsPolicy":"ClusterFirst","serviceAccountName":"default","terminationGracePeriodSeconds":30}},"dryRun":false}}\n'
  } >"$file"
}

# --- presets: the shapes of BenchData.snapshot(matching, loaded) ----------------------------------
PRESET_NAMESPACES=(bench team-a team-b team-c)
preset_doc() { # kind namespace-or-empty name app
  local var="${3^^}"; var="${var//-/_}"
  printf -- '---\napiVersion: podpreset.dev/v1alpha1\nkind: %s\nmetadata:\n  name: %s\n' "$1" "$3"
  [[ -n "$2" ]] && printf '  namespace: %s\n' "$2"
  printf '  resourceVersion: "1"\nspec:\n'
  [[ "$1" == ClusterPodPreset ]] && printf '  namespaceSelector:\n    matchLabels:\n      podpreset.dev/injection: enabled\n'
  printf '  selector:\n    matchLabels:\n      app: %s\n  env:\n' "$4"
  printf '    - name: %s_HOST\n      value: %s.db.svc.cluster.local\n    - name: %s_PORT\n      value: "5432"\n' "$var" "$3" "$var"
  printf '    - name: %s_PASSWORD\n      valueFrom:\n        secretKeyRef:\n          name: %s-creds\n          key: password\n' "$var" "$3"
  printf '  volumes:\n    - name: %s-creds\n      secret:\n        secretName: %s-creds\n' "$3" "$3"
  printf '  volumeMounts:\n    - name: %s-creds\n      mountPath: /etc/presets/%s\n      readOnly: true\n' "$3" "$3"
}
write_presets() { # dir matching loaded
  local dir="$1" i k ns
  rm -rf "$dir"; mkdir -p "$dir"
  for ns in "${PRESET_NAMESPACES[@]}"; do
    printf -- '---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n  labels:\n    podpreset.dev/injection: enabled\n    kubernetes.io/metadata.name: %s\n' "$ns" "$ns"
  done >"$dir/namespaces.yaml"
  {
    for ((i = 0; i < $2; i++)); do
      if ((i == 0)); then preset_doc ClusterPodPreset "" "match-$i" bench
      else preset_doc PodPreset bench "match-$i" bench; fi
    done
  } >"$dir/matching.yaml"
  {
    for ((k = 0; k < $3 - $2; k++)); do
      if ((k % 100 == 0)); then preset_doc ClusterPodPreset "" "other-$k" "app-$k"
      else preset_doc PodPreset "${PRESET_NAMESPACES[k % 4]}" "other-$k" "app-$k"; fi
    done
  } >"$dir/others.yaml"
}

# --- the server -------------------------------------------------------------------------------------
SERVER_PID=""
# The java that runs the server (a variant may run another JDK).
SERVER_JAVA=${SERVER_JAVA:-java}
# Runs the jar from its own directory, as the container image does: an AppCDS archive built by Quarkus
# holds the class path relative to it. An empty presets-dir leaves the source to the java options.
start_server() { # presets-dir log [extra java options...]
  local presets="$1" log="$2" tls; shift 2
  if curl -s -o /dev/null "http://127.0.0.1:$MPORT/q/health/ready" || curl -sk -o /dev/null "https://127.0.0.1:$PORT/"; then
    echo "ports $PORT/$MPORT are already in use: stop that server first" >&2; exit 4
  fi
  [[ -z "$presets" ]] || presets=$(realpath "$presets")
  tls=$(realpath -m "$OUT/tls")
  (
    cd "$(dirname "$JAR")"
    [[ -z "$presets" ]] || export PODPRESET_PRESETS_DIR="$presets"
    PODPRESET_TLS_GENERATED_DIR="$tls" \
      exec "$SERVER_JAVA" $JVM_OPTS "$@" -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.ssl-port=$PORT \
        -Dquarkus.management.host=127.0.0.1 -Dquarkus.management.port=$MPORT -jar "$(basename "$JAR")"
  ) >"$log" 2>&1 &
  SERVER_PID=$!
  local deadline=$((SECONDS + 120))
  # -m: a server thrashing in GC may accept the connection and not answer.
  until curl -sf -m 2 "http://127.0.0.1:$MPORT/q/health/ready" >/dev/null 2>&1; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server died; see $log" >&2; tail -20 "$log" >&2; exit 4; }
    ((SECONDS < deadline)) || { echo "server not ready after 120 s; see $log" >&2; stop_server; exit 4; }
    sleep 0.2
  done
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited after start; see $log" >&2; exit 4; }
}

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# Whether a JVM's log says it could not use its class-data archive or AOT cache (the JVM warns and starts without).
archive_unused() { # log
  grep -q -E 'Unable to use (shared archive|AOT cache)|shared class paths mismatch|error has occurred while processing the shared archive|created by a different version|AOT cache .*mismatch' "$1"
}

# CPU time (user and system) a process has used so far, in milliseconds.
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' "/proc/$1/stat"; } # pid

# "VmRSS VmHWM" of the server in MiB.
rss() { awk '/^VmRSS/ {r=$2} /^VmHWM/ {h=$2} END {printf "%d %d", r/1024, h/1024}' "/proc/$SERVER_PID/status"; }
