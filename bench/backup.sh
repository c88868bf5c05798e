#!/usr/bin/env bash
# Backup and restore rates, and facts/s during a backup against without (docs/benchmarks.md, "Backup and restore").
#
#   bench/backup.sh [JOBS=100000] [SECONDS=10] [WRITERS=16]     # waybill.bench.BackupRate
#   bench/backup.sh 2000 3 8                                     # a small run: checks that it works
#
# Builds into $WAYBILL_BUILD (default /tmp/build-backup), never into target/; SKIP_BUILD=1 reuses it.
# Data goes under $BENCH_DATA (default /tmp) and is deleted at the end. JAVA_OPTS goes to the JVM.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${WAYBILL_BUILD:-/tmp/build-backup}
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -q -B -Dwaybill.build="$BUILD" -Dmaven.test.skip=true package
  mvn -q -B -Pbench -Dwaybill.build="$BUILD" test-compile
  mvn -q -B -Pbench -Dwaybill.build="$BUILD" dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/bench-classpath.txt" >/dev/null
fi
CP="$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/bench-classpath.txt")"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
exec java ${JAVA_OPTS:--Xmx2g} -cp "$CP" waybill.bench.BackupRate "${1:-100000}" "${2:-10}" "${3:-16}" "${BENCH_DATA:-/tmp}"
