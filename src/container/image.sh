# Building the image we ship on this machine (sourced, not run): by src/container/test.sh, which tests it, and by
# the benchmarks of src/jmh that measure it. Needs root, $PODMAN (podman with its global options: storage, runtime,
# cgroup manager) and a phase function that prints a step.

# Installs podman, runc and debootstrap with apt-get when they are missing.
image_tools() {
  local missing=() tool
  for tool in podman runc debootstrap; do
    command -v "$tool" >/dev/null || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    phase "installing ${missing[*]} with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# The base: Debian bookworm by debootstrap, with this machine's Debian apt sources, imported as $BASE; work files
# go under $1.
BASE=localhost/debootstrap/debian:bookworm
image_base() { # work-dir
  local work="$1" sources=/etc/apt/sources.list.d/debian.sources mirror
  if [[ ! -f "$sources" ]] || ! grep -q "bookworm-security" "$sources"; then
    echo "$sources with bookworm and bookworm-security is needed (a Debian 12 machine): the base installs the" \
      "pinned JRE from them" >&2
    exit 3
  fi
  # The URIs of the stanza whose Suites hold bookworm itself.
  mirror=$(awk '/^URIs:/ {uri = $2} /^Suites:/ {for (i = 2; i <= NF; i++) if ($i == "bookworm") {print uri; exit}}' "$sources")
  phase "debootstrap --variant=minbase bookworm${mirror:+ from $mirror}"
  debootstrap --variant=minbase bookworm "$work/rootfs" ${mirror:+"$mirror"} >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 4; }
  # As the registry's image has it: deb822 sources with the updates and security suites, no package lists, no
  # host configuration.
  rm -f "$work/rootfs/etc/apt/sources.list"
  cp "$sources" "$work/rootfs/etc/apt/sources.list.d/debian.sources"
  rm -rf "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/var/cache/apt/*.bin "$work"/rootfs/var/cache/apt/archives/*.deb
  : >"$work/rootfs/etc/resolv.conf"
  : >"$work/rootfs/etc/hostname"
  tar --numeric-owner -C "$work/rootfs" -c . | $PODMAN import --quiet - "$BASE" >/dev/null
  rm -rf "$work/rootfs"
}

# The image: the release's recipe on $BASE, from the project root.
image_build() { # image version revision work-dir
  # --layers=false: one layer per stage here, where vfs would store a full copy of the filesystem for each
  # instruction; the release keeps the recipe's layers.
  phase "podman build -f src/main/docker/Containerfile --from $BASE"
  $PODMAN build --network host --pull=never --layers=false --from "$BASE" -f src/main/docker/Containerfile \
    --build-arg VERSION="$2" --build-arg REVISION="$3" -t "$1" . >"$4/build.log" 2>&1 \
    || { tail -30 "$4/build.log" >&2; exit 4; }
  $PODMAN images --format '{{.Repository}}:{{.Tag}} {{.Size}}' "$1"
}

# The project's version, as the image is tagged with it.
project_version() {
  sed -n '0,/<artifactId>podpreset-injector<\/artifactId>/d; s:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1
}
