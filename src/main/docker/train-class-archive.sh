#!/usr/bin/env bash
# Writes the image's class-data archive (AppCDS): a training start of the webhook on the image's own JVM, with
# the presets in PRESETS_DIR and a generated certificate, until readiness answers; then SIGTERM, as the kubelet
# stops a pod. The JVM writes the classes it loaded into the archive when it exits. Run once, at image build.
#
# Usage: train-class-archive.sh ARCHIVE PRESETS_DIR
#   ARCHIVE_OPTION  the JVM option that writes ARCHIVE (default -XX:ArchiveClassesAtExit; src/jmh/container.sh
#                   writes a newer JDK's AOT cache with -XX:AOTCacheOutput); JAVA_OPTS_APPEND is kept before it.
set -euo pipefail

archive="$1"
presets="$2"
work=$(mktemp -d)
timeout_s=600 # a start under an emulated architecture (the release's arm64) is many times slower

ready() {
    (exec 3<>/dev/tcp/127.0.0.1/9000 && printf 'GET /q/health/ready HTTP/1.0\r\n\r\n' >&3 && head -1 <&3 | grep -q ' 200 ') 2>/dev/null
}

JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:-} ${ARCHIVE_OPTION:--XX:ArchiveClassesAtExit}=$archive" PODPRESET_PRESETS_DIR="$presets" \
    PODPRESET_TLS_GENERATED_DIR="$work/tls" podpreset serve &
pid=$!
for _ in $(seq $((timeout_s * 10))); do
    ready && break
    kill -0 "$pid" 2>/dev/null || { echo "train-class-archive: the training start exited before it was ready" >&2; exit 1; }
    sleep 0.1
done
ready || { echo "train-class-archive: the training start was not ready within ${timeout_s}s" >&2; kill -9 "$pid"; exit 1; }
kill -TERM "$pid"
wait "$pid" || true
rm -rf "$work"
[[ -s $archive ]] || { echo "train-class-archive: the JVM wrote no archive to $archive" >&2; exit 1; }
chmod 644 "$archive"
