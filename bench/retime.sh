#!/usr/bin/env bash
# Open jobs re-timed per second (reload?retime=true: each job's recorded facts decided again under the new
# rules, then one RulesChanged decision per job moved) against engine decisions per second, in the same run,
# on the in-memory store; and the decisions a retime costs per job on the fixtures' stories.
#
#   bench/retime.sh              # 1,000 jobs (seconds)
#   bench/retime.sh 10000 100000 # larger sizes, on a quiet machine
#
# Builds into $WAYBILL_BUILD (default /tmp/build-bench), never into target/. Run from the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${WAYBILL_BUILD:-/tmp/build-bench}
mvn -q -B -Pbench -Dwaybill.build="$BUILD" test-compile
mvn -q -B -Pbench -Dwaybill.build="$BUILD" dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/bench-classpath.txt" >/dev/null
CP="$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/bench-classpath.txt")"
exec java -cp "$CP" waybill.bench.RetimeBenchmark "$@"
