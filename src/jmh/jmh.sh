#!/usr/bin/env bash
# Builds (unless --no-build) and runs the JMH admission benchmarks. Extra arguments go to JMH, e.g.
#   src/jmh/jmh.sh -p pod=small -p presets=10/10 -prof gc
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n 2,3p "$0" | sed 's/^# \{0,1\}//'
  echo "JMH options: java -cp ... org.openjdk.jmh.Main -h"
  exit 0
fi
if [[ "${1:-}" == "--no-build" ]]; then
  shift
else
  # The normal build compiles the benchmarks without JMH's annotation processor: compile them afresh.
  rm -rf target/test-classes
  ./mvnw -B -q -Pbench -DskipTests test-compile dependency:build-classpath
fi
exec java -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main "$@" AdmissionBenchmark
