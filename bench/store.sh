#!/usr/bin/env bash
# The store at scale (docs/benchmarks.md, "The store at scale"): each figure over the persistence ceiling
# (16 writers, one committed insert of a decision-sized document each) measured in the same JVM.
#
#   bench/store.sh facts                # one-job, many-jobs, latency at half load (waybill.bench.StoreScale)
#   bench/store.sh sweep [stored]       # 1 in 100 of `stored` jobs due (default 1,000,000; waybill.bench.SweepScale)
#   bench/store.sh restart [stored]     # the service started on `stored` jobs: /health 200 and a Get Job answered,
#                                       # then the clock moved past the 1 in 100 due timers, between two ceilings
#   bench/store.sh warm-sweep           # the sweep alone: the service started on a copy of SEEDED (required),
#                                       # its start-up pass done, a first sweep fired (BulkLoad's warm-up set),
#                                       # the service idle and the machine quiet (load average below 1.5),
#                                       # then the ceiling, the clock moved past the due timers, the ceiling
#   bench/store.sh growth [threads] [seconds] [idleSeconds] [jobs]   # the embedded file under sustained facts,
#                                       # then idle: its size over the live data (waybill.bench.FileGrowth)
#   bench/store.sh memory               # heap of each memory index at 100k and 1M (waybill.store.mongo.IndexMemory)
#   bench/store.sh shapes [rounds] [json bytes] [documents]   # a decision's and a snapshot's cost to write and
#                                       # read in H2's default value type and in the store's (waybill.bench.DocumentShapes)
#   bench/store.sh shared [facts] [jobs] [idleSeconds]   # the shared-MongoDB path on the stand-in, one client:
#                                       # facts/s, p50, p99, commands per fact (waybill.store.mongo.SharedPathBench)
#   bench/store.sh wire [facts] [jobs] [idleSeconds]     # the whole service (serve --mongo-uri, a process) on the
#                                       # stand-in through a relay counting every command at the wire: facts/s,
#                                       # p50, p99, commands per fact with the background, idle commands/s
#                                       # (waybill.store.mongo.WirePathBench); SERVICE_JAR=old.jar measures another build,
#                                       # SERVICE_ARGS its serve options (default --throttle off; empty for a build without it)
#
# Builds into $WAYBILL_BUILD (default /tmp/build-store), never into target/; SKIP_BUILD=1 reuses it.
# Big data goes under $BENCH_DATA (default /tmp) and is deleted at the end. JAVA_OPTS goes to the JVM.
# LOADED=DIR makes `restart` use a folder filled by `java ... waybill.bench.BulkLoad DIR STORED` before.
# SEEDED=DIR keeps a seeded folder across runs: `restart` fills DIR with BulkLoad if it holds no store yet,
# then times the restart on a copy of it (the copy is made before the clock starts and deleted at the end;
# DIR is never written), so a million jobs are seeded once and only the restart is timed after.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${WAYBILL_BUILD:-/tmp/build-store}
DATA_PARENT=${BENCH_DATA:-/tmp}
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -q -B -Dwaybill.build="$BUILD" -Dmaven.test.skip=true package
  mvn -q -B -Pbench -Dwaybill.build="$BUILD" test-compile
  mvn -q -B -Pbench -Dwaybill.build="$BUILD" dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/bench-classpath.txt" >/dev/null
fi
CP="$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/bench-classpath.txt")"
what=${1:-facts}
shift || true
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
case "$what" in
  facts)  exec java ${JAVA_OPTS:-} -cp "$CP" waybill.bench.StoreScale "$@" ;;
  sweep)  exec java ${JAVA_OPTS:--Xmx6g} -cp "$CP" waybill.bench.SweepScale "${1:-1000000}" "$DATA_PARENT" ;;
  shapes) exec java ${JAVA_OPTS:-} -cp "$CP" waybill.bench.DocumentShapes "$@" ;;
  growth) exec java ${JAVA_OPTS:-} -cp "$CP" waybill.bench.FileGrowth "$@" ;;
  memory) exec java ${JAVA_OPTS:--Xmx6g} -cp "$CP" waybill.store.mongo.IndexMemory ;;
  shared) exec java ${JAVA_OPTS:-} -cp "$CP" waybill.store.mongo.SharedPathBench "$@" ;;
  wire)   exec java ${JAVA_OPTS:-} -DserviceArgs="${SERVICE_ARGS---throttle off}" -cp "$CP" waybill.store.mongo.WirePathBench \
              "${SERVICE_JAR:-$BUILD/waybill.jar}" "$@" ;;
  restart)
    STORED=${1:-1000000}
    PID=
    if [ -n "${LOADED:-}" ]; then # a folder BulkLoad filled with $STORED jobs before: used, then deleted
      DATA=$LOADED
    elif [ -n "${SEEDED:-}" ]; then # seeded once, kept; each run on a copy
      if [ ! -e "$SEEDED/waybill.mv.db" ]; then
        mkdir -p "$SEEDED"
        java -Xmx6g -cp "$CP" waybill.bench.BulkLoad "$SEEDED" "$STORED"
      fi
      DATA=$(mktemp -d "$DATA_PARENT/waybill-restart.XXXXXX")
      echo "copying $SEEDED ($(du -sh "$SEEDED" | cut -f1)) to $DATA"
      cp -a "$SEEDED/." "$DATA/"
    else
      DATA=$(mktemp -d "$DATA_PARENT/waybill-restart.XXXXXX")
    fi
    cleanup() { # the service killed, then its folder deleted (a killed service's exit status must not stop it)
      if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
      rm -rf "$DATA"
    }
    trap cleanup EXIT
    [ -n "${LOADED:-}${SEEDED:-}" ] || java -Xmx6g -cp "$CP" waybill.bench.BulkLoad "$DATA" "$STORED"
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    KEY=restart-benchmark-admin-key-01
    JOB="/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/scale/providers/Microsoft.ImportExport/jobs/bulk$(printf %08d $((STORED / 2)))"
    # Two starts on the same folder: the first compiles the rules (and keeps them in DATA/compiled-rules),
    # the second finds them compiled, as every later start with unchanged rule files does.
    serve_once() {
      echo "== $1; load average before start: $(cut -d' ' -f1-3 /proc/loadavg)"
      T0=$(date +%s.%N)
      WAYBILL_KEYS="$KEY=admin" java ${JAVA_OPTS:--Xmx6g} -jar "$BUILD/waybill.jar" serve --throttle off --port "$PORT" \
          --data "$DATA" --rules "$ROOT/rules" --locations "$ROOT/config/locations.yaml" \
          --clock manual --start 2026-03-02T09:00:00Z >"$DATA/service.log" 2>&1 &
      PID=$!
      health=
      for _ in $(seq 1 3000); do
        now=$(date +%s.%N)
        if [ -z "$health" ] && curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null; then
          health=$(python3 -c "print(f'{$now - $T0:.1f}')"); echo "/health 200 after $health s: $(curl -sS "http://127.0.0.1:$PORT/health")"
        fi
        if [ -n "$health" ] && curl -fsS -o /dev/null -H "Authorization: Bearer $KEY" "http://127.0.0.1:$PORT$JOB?api-version=2021-01-01" 2>/dev/null; then
          echo "Get Job 200 after $(python3 -c "print(f'{$(date +%s.%N) - $T0:.1f}')") s"; break
        fi
        sleep 0.1
      done
      for _ in $(seq 1 3000); do # until the memory indexes are complete
        h=$(curl -sS "http://127.0.0.1:$PORT/health" 2>/dev/null || true)
        if [[ "$h" != *'"warming":true'* ]]; then echo "health after $(python3 -c "print(f'{$(date +%s.%N) - $T0:.1f}')") s: $h"; break; fi
        sleep 0.5
      done
      # what start-up waited for, with the log's timestamps: the store's open, the rules' compile beside it,
      # the server listening, the warm-up behind serving, the deliveries' start-up pass
      grep -E "opening store|store opened|rules compiled|listening|warm|deliveries:" "$DATA/service.log" || true
    }
    serve_once "first start (the rules compiled)"
    kill "$PID" && wait "$PID" 2>/dev/null || true
    serve_once "second start (the rules as compiled at the first)"
    # the sweep on the same store, through the service: the clock moved past the due timers (1 in 100 jobs),
    # between two runs of the ceiling (16 writers, one committed insert each)
    ceiling() { java -cp "$CP" waybill.bench.StoreCeiling 16 10 1 2438 256 3 2>/dev/null | grep -v '^RESULT'; }
    echo "load average before the ceiling: $(cut -d' ' -f1-3 /proc/loadavg)"; ceiling
    echo "load average before the sweep: $(cut -d' ' -f1-3 /proc/loadavg)"
    curl -sS -o "$DATA/fired.json" -w 'POST /ops/clock: HTTP %{http_code} in %{time_total} s\n' -H "Authorization: Bearer $KEY" \
        -H 'Content-Type: application/json' --data '{"now": "2026-03-17T09:00:00Z"}' "http://127.0.0.1:$PORT/ops/clock"
    python3 -c "import json,sys; print('fired', len(json.load(open(sys.argv[1]))['fired']), 'timers')" "$DATA/fired.json" || head -c 300 "$DATA/fired.json"
    echo "load average before the ceiling: $(cut -d' ' -f1-3 /proc/loadavg)"; ceiling
    echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    ;;
  warm-sweep)
    [ -e "${SEEDED:-}/waybill.mv.db" ] || { echo "warm-sweep needs SEEDED=DIR holding a store (bench/store.sh restart fills it)" >&2; exit 2; }
    DATA=$(mktemp -d "$DATA_PARENT/waybill-sweep.XXXXXX")
    PID=
    cleanup() { # the service killed, then its folder deleted (a killed service's exit status must not stop it)
      if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
      rm -rf "$DATA"
    }
    trap cleanup EXIT
    cp -a "$SEEDED/." "$DATA/"
    PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    KEY=restart-benchmark-admin-key-01
    WAYBILL_KEYS="$KEY=admin" java ${JAVA_OPTS:--Xmx6g} -jar "$BUILD/waybill.jar" serve --throttle off --port "$PORT" \
        --data "$DATA" --rules "$ROOT/rules" --locations "$ROOT/config/locations.yaml" \
        --clock manual --start 2026-03-02T09:00:00Z >"$DATA/service.log" 2>&1 &
    PID=$!
    for _ in $(seq 1 1200); do # until the start-up pass is done
      [[ "$(curl -sS "http://127.0.0.1:$PORT/health" 2>/dev/null || true)" == *'"warming":false'* ]] && break
      sleep 0.5
    done
    quiet() { # the service idle (under 5 % of a core over 5 s: its background work done) and the load average below 1.5
      local a b
      for _ in $(seq 1 120); do
        a=$(awk '{print $14 + $15}' "/proc/$PID/stat"); sleep 5; b=$(awk '{print $14 + $15}' "/proc/$PID/stat")
        [ $((b - a)) -le 25 ] && [ "$(awk '{print ($1 < 1.5)}' /proc/loadavg)" = 1 ] && return
      done
      echo "not quiet after 10 minutes: the service used $((b - a)) ticks in 5 s, load average $(cut -d' ' -f1-3 /proc/loadavg)"
    }
    clock() { # moves the service's clock to $1; prints the time the answer took and how many timers fired
      curl -sS -o "$DATA/fired.json" -w "POST /ops/clock $1: HTTP %{http_code} in %{time_total} s, " -H "Authorization: Bearer $KEY" \
          -H 'Content-Type: application/json' --data "{\"now\": \"$1\"}" "http://127.0.0.1:$PORT/ops/clock"
      python3 -c "import json,sys; print('fired', len(json.load(open(sys.argv[1]))['fired']), 'timers')" "$DATA/fired.json" || head -c 300 "$DATA/fired.json"
    }
    ceiling() { java -cp "$CP" waybill.bench.StoreCeiling 16 10 1 2438 256 3 2>/dev/null | grep -v '^RESULT'; }
    quiet
    echo "warm-up: the first sweep after the start (BulkLoad's set due a day before the others), load average $(cut -d' ' -f1-3 /proc/loadavg)"
    clock 2026-03-15T09:00:00Z
    quiet
    echo "load average before the ceiling: $(cut -d' ' -f1-3 /proc/loadavg)"; ceiling
    clock 2026-03-17T09:00:00Z
    quiet # what follows the sweep (snapshots written behind, compilation) does not weigh on the ceiling
    echo "load average before the ceiling: $(cut -d' ' -f1-3 /proc/loadavg)"; ceiling
    ;;
  *) echo "usage: bench/store.sh facts|sweep [stored]|restart [stored]|warm-sweep|growth|memory|shapes|shared|wire" >&2; exit 2 ;;
esac
