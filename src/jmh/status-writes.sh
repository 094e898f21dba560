#!/usr/bin/env bash
# The first full status write of many presets: how long a controller that starts leading takes until every
# preset has its status, on SimulatedApiServer (src/jmh/java, answers concurrently), with one status write
# in flight and no budget (the baseline: the controller before the work queue wrote them one after another),
# with the defaults (the workers' bound within the write budget), and with the workers without a budget.
# After a warm-up round of each, variants alternate round by round, so that they share the machine's load;
# prints each round, min/median/max per variant and the load average before and after (StatusWriteBench).
#
# Usage: src/jmh/status-writes.sh [--build] [--presets N] [--rounds R]
#   --build       build the jar and the helpers' classpath first (see lib.sh)
#   --presets N   presets (default 1000: 900 PodPresets, 100 ClusterPodPresets)
#   --rounds R    rounds of every variant (default 5)
set -euo pipefail

source "$(dirname "$0")/lib.sh"
BUILD=false
PRESETS=1000
ROUNDS=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) BUILD=true; shift ;;
    --presets) PRESETS="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done
need_bench "$BUILD"
# The simulated API server runs in this JVM on the JDK's HttpServer, which leaves Nagle's algorithm on unless
# told otherwise: with the client's delayed ACKs every answer would wait ~40 ms, which no API server does.
exec java -Xmx512m -Dsun.net.httpserver.nodelay=true -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench.classpath")" \
  dev.podpreset.controller.StatusWriteBench "$PRESETS" "$ROUNDS"
