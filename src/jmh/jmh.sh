#!/usr/bin/env bash
# Builds (unless --no-build) and runs the JMH admission benchmarks, or with --benchmark NAME another class of
# src/jmh/java (PreparationBenchmark). Extra arguments go to JMH, e.g.
#   src/jmh/jmh.sh -p pod=small -p presets=10/10 -prof gc
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n 2,4p "$0" | sed 's/^# \{0,1\}//'
  echo "JMH options: java -cp ... org.openjdk.jmh.Main -h"
  exit 0
fi
BUILD=true
BENCHMARK=AdmissionBenchmark
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=false; shift ;;
    --benchmark) BENCHMARK="$2"; shift 2 ;;
    *) break ;;
  esac
done
if [[ "$BUILD" == true ]]; then
  # The normal build compiles the benchmarks without JMH's annotation processor: compile them afresh.
  rm -rf target/test-classes
  ./mvnw -B -q -Pbench -DskipTests test-compile dependency:build-classpath
fi
exec java -cp "target/test-classes:target/classes:$(cat target/jmh.classpath)" org.openjdk.jmh.Main "$@" "$BENCHMARK"
