# The image in its container, for the benchmarks of src/jmh that measure it there (sourced after lib.sh, not run):
# podman with storage of its own that outlives a run, the image built by the release's recipe, its variants, and
# pods of the chart started with ChartContainer (src/jmh/java). Needs root, as the container suite.
#
# Images (localhost/podpreset-injector:TAG):
#   bench      src/main/docker/Containerfile on a debootstrapped bookworm, from target/quarkus-app: what we ship, with
#              its class-data archive (AppCDS) written at build time by a training start.
#   jdk25      bench on the newer JDK ($JAVA25_HOME copied in, JAVA pointing at it, JAVA_OPTS without bench's archive,
#              which only the JDK that wrote it maps; the bytecode stays 17).
#   jdk25-aot  jdk25 with the JDK's AOT cache, written at build time by a training start (directory mode, examples/,
#              until ready), which JAVA_OPTS maps.
#   before     the release's recipe on the same base, from the checkout at $BEFORE_DIR (packaged there before, with
#              target/quarkus-app): an earlier commit, for a before/after in the same run.

source "$(dirname "${BASH_SOURCE[0]}")/../container/image.sh"
BENCH_STORAGE=${BENCH_STORAGE:-/var/tmp/podpreset-bench}
PODMAN="podman --root $BENCH_STORAGE/storage --runroot $BENCH_STORAGE/run --storage-driver vfs --runtime runc --cgroup-manager cgroupfs"
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
CONTAINER_IMAGES=(bench jdk25 jdk25-aot before)
phase() { echo "== $1" >&2; }

container_image() { echo "localhost/podpreset-injector:$1"; } # tag

# Builds what the images need and the images themselves; the base only when the storage has none yet.
container_build() { # tags...
  local tag work
  [[ $(id -u) -eq 0 ]] || { echo "the container benchmarks run as root (podman with its own storage)" >&2; exit 3; }
  image_tools
  mkdir -p "$BENCH_STORAGE"
  work=$(mktemp -d "$BENCH_STORAGE/build.XXXXXX")
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
    -Dmdep.includeScope=test)
  if ! $PODMAN image exists "$BASE"; then
    (cd "$ROOT" && image_base "$work")
  fi
  (cd "$ROOT" && image_build "$(container_image bench)" "$(project_version)" "$(git rev-parse HEAD 2>/dev/null || echo unknown)" "$work")
  for tag in "$@"; do
    case $tag in
      bench) ;;
      before)
        [[ -f ${BEFORE_DIR:-}/target/quarkus-app/quarkus-run.jar ]] \
          || { echo "before: BEFORE_DIR must be a checkout packaged with ./mvnw package" >&2; exit 3; }
        (cd "$BEFORE_DIR" && image_build "$(container_image before)" "$(project_version)" \
          "$(git rev-parse HEAD 2>/dev/null || echo unknown)" "$work") ;;
      *) container_variant "$tag" "$work" ;;
    esac
  done
  rm -rf "$work"
}

container_variant() { # tag work-dir
  local tag="$1" context="$2/context-$1" from archive
  rm -rf "$context"; mkdir -p "$context"
  from=$(container_image bench)
  {
    echo "FROM $from"
    echo "USER root"
    case $tag in
      jdk25 | jdk25-aot)
        cp -a "$JAVA25_HOME" "$context/jdk"
        echo "COPY jdk/ /opt/jdk/"
        echo "ENV JAVA=/opt/jdk/bin/java"
        echo "ENV JAVA_OPTS=\"-Djava.util.logging.manager=org.jboss.logmanager.LogManager\""
        ;;
    esac
    case $tag in
      jdk25-aot)
        # the image's own training start (src/main/docker/train-class-archive.sh) with the chart's options
        mkdir "$context/training"
        cp "$ROOT"/examples/*.yaml "$ROOT/src/main/docker/train-class-archive.sh" "$context/training/"
        echo "COPY training/ /tmp/training/"
        archive=/opt/podpreset/app.aot
        echo "RUN ARCHIVE_OPTION=-XX:AOTCacheOutput JAVA_OPTS_APPEND=\"-XX:MaxRAM=${LIMIT_MI}m -XX:+UseSerialGC $CHART_JVM_OPTIONS\" \\"
        echo "  bash /tmp/training/train-class-archive.sh $archive /tmp/training && rm -rf /tmp/training"
        echo "ENV JAVA_OPTS=\"-Djava.util.logging.manager=org.jboss.logmanager.LogManager -XX:AOTCache=$archive\""
        ;;
    esac
    echo "USER 185:185"
  } >"$context/Containerfile"
  phase "podman build $tag"
  $PODMAN build --network none --pull=never --layers=false -f "$context/Containerfile" -t "$(container_image "$tag")" \
    "$context" >"$2/build-$tag.log" 2>&1 || { tail -30 "$2/build-$tag.log" >&2; exit 4; }
  rm -rf "$context"
}

# ChartContainer (src/jmh/java) on the test classpath, with podman and the image it runs.
chart_container() { # image ChartContainer-arguments...
  local image="$1"; shift
  java -Dpodpreset.image.podman="$PODMAN" -Dpodpreset.image="$image" \
    -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench.classpath")" dev.podpreset.bench.ChartContainer "$@"
}

# The ChartContainer options of a variant's chart values and environment ("K=V;K=V" each), into VARIANT_ARGS.
VARIANT_ARGS=()
variant_args() { # sets envs
  local kv s
  VARIANT_ARGS=()
  IFS=';' read -ra kv <<<"$1"
  for s in "${kv[@]}"; do [[ -z $s ]] || VARIANT_ARGS+=(--set "$s"); done
  IFS=';' read -ra kv <<<"$2"
  for s in "${kv[@]}"; do [[ -z $s ]] || VARIANT_ARGS+=(--env "$s"); done
}

# Starts the chart's pod of the image; sets CONTAINER_ID, CONTAINER_HTTPS, CONTAINER_MPORT and CONTAINER_READY_MS.
CONTAINER_ID=""
container_start() { # image work-dir ChartContainer-start-options...
  local image="$1" work="$2"; shift 2
  mkdir -p "$work"
  chart_container "$image" start "$work/started" "$work" "$@" >"$work/start.log" 2>&1 \
    || { echo "the container did not become ready; see $work/start.log" >&2; tail -20 "$work/start.log" >&2; exit 4; }
  read -r CONTAINER_ID CONTAINER_HTTPS CONTAINER_MPORT CONTAINER_READY_MS <"$work/started"
}

# "working_set_mib usage_mib anon_mib peak_mib limit_mib cpu_ms" of the running container.
container_memory() { chart_container "$(container_image bench)" memory "$1"; } # id

container_stop() { # [log-file]
  if [[ -n "$CONTAINER_ID" ]]; then
    [[ -z "${1:-}" ]] || $PODMAN logs "$CONTAINER_ID" >"$1" 2>&1 || true
    chart_container "$(container_image bench)" stop "$CONTAINER_ID" >/dev/null 2>&1 || true
  fi
  CONTAINER_ID=""
}
