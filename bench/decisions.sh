#!/usr/bin/env bash
# Decisions per second of the engine (JMH): the full rulebook on a realistic mixed stream of facts, and a
# bare one-rule Drools session as the ceiling, in the same run.
#
#   bench/decisions.sh                    # build, then both benchmarks: 1 fork, 3x5 s warm-up, 5x5 s measured, 1 thread
#   bench/decisions.sh -t 2 DecisionBenchmark   # any JMH options instead of the defaults
#   bench/decisions.sh --stream           # print the recorded decision stream and its mix
#
# Builds into $WAYBILL_BUILD (default /tmp/build-bench), never into target/. Run from anywhere: the
# rules are read from the repository's rules/ folder.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${WAYBILL_BUILD:-/tmp/build-bench}
mvn -q -B -Pbench -Dwaybill.build="$BUILD" test-compile
mvn -q -B -Pbench -Dwaybill.build="$BUILD" dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/bench-classpath.txt" >/dev/null
CP="$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/bench-classpath.txt")"
exec java -cp "$CP" waybill.bench.BenchMain "$@"
