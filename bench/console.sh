#!/usr/bin/env bash
# The console's data at 100k jobs on the embedded store (docs/benchmarks.md#the-console):
#
#   bench/console.sh            # seed 100,000 jobs, start the service on them, time every console route
#   bench/console.sh 20000      # another number of jobs
#
# Builds into $WAYBILL_BUILD (default /tmp/build-bench), never into target/. Run it from the repository:
# it reads rules/, fixtures/ and config/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${WAYBILL_BUILD:-/tmp/build-bench}
mvn -q -B -Pbench -Dwaybill.build="$BUILD" test-compile
mvn -q -B -Pbench -Dwaybill.build="$BUILD" dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/bench-classpath.txt" >/dev/null
CP="$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/bench-classpath.txt")"
exec java -Xmx2g -cp "$CP" waybill.store.mongo.ConsoleBench "$@"
