#!/usr/bin/env bash
# The container suite: builds the image we ship and tests it as the chart runs it.
#
#  1. installs podman, runc and debootstrap with apt-get when they are missing;
#  2. makes a Debian bookworm base with debootstrap (--variant=minbase) and imports it: the stand-in for the
#     registry's debian:bookworm-slim, which the release builds from (no registry is reachable here);
#  3. builds src/main/docker/Containerfile on it (podman build --from): the same recipe, the same pinned JRE
#     and the same application files the release builds for linux/amd64 and linux/arm64;
#  4. runs the *ImageIT tests (Maven failsafe), which start the image with the options the chart gives its pods:
#     the webhook (TLS engine, readiness, a review's patch against the expected one, SIGTERM under keep-alive
#     load, memory after 10,000 reviews), the controller against the fabric8 CRUD mock API server, the CLI.
#
# Usage: src/container/test.sh [--no-build]
#   --no-build  test target/quarkus-app and the compiled tests as they are (.ci/run, after ./mvnw -B verify);
#               otherwise ./mvnw -B package -DskipTests builds them first.
# Runs as root (apt-get, debootstrap and podman with its own storage under /tmp, removed at the end, with
# every container and image in it). Debian's apt sources on this machine give the mirror for debootstrap and
# the base's package sources. Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=true
case "${1:-}" in
  --no-build) BUILD=false ;;
  "") ;;
  *) echo "usage: $0 [--no-build]" >&2; exit 2 ;;
esac
SUITE_START=$SECONDS
phase() { echo "== container suite: $1 ($((SECONDS - SUITE_START)) s)"; }

if [[ $(id -u) -ne 0 ]]; then
  echo "the container suite runs as root (apt-get, debootstrap, podman with its own storage)" >&2
  exit 3
fi

# --- 1. tools -------------------------------------------------------------------------------------------
source src/container/image.sh
image_tools

WORK=$(mktemp -d /tmp/podpreset-image.XXXXXX)
# podman as this suite runs it: its own storage, vfs, runc and cgroupfs (what works on this machine).
PODMAN="podman --root $WORK/storage --runroot $WORK/run --storage-driver vfs --runtime runc --cgroup-manager cgroupfs"
MAVEN_PID=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  if [[ -n "$MAVEN_PID" ]] && kill -0 "$MAVEN_PID" 2>/dev/null; then
    kill "$MAVEN_PID"; wait "$MAVEN_PID"
  fi
  $PODMAN rm --all --force --time 0 >/dev/null 2>&1
  # The images go with the storage (removing them one by one copies nothing but takes long on vfs); a mount a
  # container may have left behind goes first.
  awk -v w="$WORK/" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r | xargs -r umount -l
  rm -rf "$WORK"
  echo "== container suite: removed its containers, images and $WORK ($((SECONDS - SUITE_START)) s in all)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- 2. the application ---------------------------------------------------------------------------------
if [[ "$BUILD" == true ]]; then
  phase "building the application (./mvnw -B package -DskipTests)"
  ./mvnw -B -q package -DskipTests
fi
[[ -f target/quarkus-app/quarkus-run.jar && -d target/test-classes ]] \
  || { echo "no target/quarkus-app or target/test-classes: run without --no-build" >&2; exit 3; }
VERSION=$(project_version)
REVISION=$(git rev-parse HEAD 2>/dev/null || echo unknown)
IMAGE="localhost/podpreset-injector:$VERSION"

# --- 3. the base: Debian bookworm by debootstrap, with this machine's Debian apt sources ----------------
image_base "$WORK"

# --- 4. the image: the release's recipe on that base -----------------------------------------------------
image_build "$IMAGE" "$VERSION" "$REVISION" "$WORK"

# --- 5. the tests ---------------------------------------------------------------------------------------
phase "the *ImageIT tests"
# The tests' files (certificates, presets, kubeconfig, the emptyDirs) go under $WORK too.
mkdir "$WORK/java-tmp"
./mvnw -B failsafe:integration-test failsafe:verify -Dit.test='*ImageIT' -DargLine="-Djava.io.tmpdir=$WORK/java-tmp" \
  -Dpodpreset.image="$IMAGE" -Dpodpreset.image.podman="$PODMAN" &
MAVEN_PID=$!
wait "$MAVEN_PID"
MAVEN_PID=""
phase "passed"
