#!/usr/bin/env bash
# HTTP load and persistence ceiling (docs/benchmarks.md, "HTTP load" and "Persistence ceiling").
#
#   bench/load.sh                 # build, then: bare endpoint, Get Job, persisted facts, store ceiling
#   DURATION=30 ROUNDS=2 bench/load.sh
#
# Builds into $WAYBILL_BUILD (default /tmp/build-load), never into target/. Starts the service on a temp
# data folder and a free loopback port with the manual clock, seeds $JOBS jobs to Transferring (one drive
# Transferring) through POST /ops/facts, and runs wrk with $CONNECTIONS connections on $THREADS threads
# for $DURATION s against: a bare Javalin endpoint (waybill.bench.BareServer, GET and a fact-sized POST),
# Get Job, and DriveProgress facts with unique factIds (every one accepted and persisted). Then the
# persistence ceiling: waybill.bench.StoreCeiling with $CONNECTIONS writer threads, writing documents of
# the mean size of the decisions the service stored, over $JOBS jobs. TARGETS picks some of
# "bare-get bare-post get-job facts ceiling"; SERVICE_JAVA_OPTS goes to the service's JVM (a profiler,
# say). Everything stops at exit. Needs wrk (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${WAYBILL_BUILD:-/tmp/build-load}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
JOBS=${JOBS:-256}
ROUNDS=${ROUNDS:-1}
WARMUP=${WARMUP:-10}   # seconds of unmeasured load on each server (and the ceiling) before measuring
KEY=load-benchmark-admin-key-0001   # keys are at least 16 characters
export WAYBILL_JOBS=$JOBS WAYBILL_KEY=$KEY
export WAYBILL_SUB=/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/load

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi

if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -q -B -Dwaybill.build="$BUILD" -Dmaven.test.skip=true package
  mvn -q -B -Pbench -Dwaybill.build="$BUILD" test-compile
  mvn -q -B -Pbench -Dwaybill.build="$BUILD" dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/bench-classpath.txt" >/dev/null
fi
CP="$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/bench-classpath.txt")"

WORK=$(mktemp -d /tmp/waybill-load.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true
  done
  [ "${KEEP_WORK:-}" = 1 ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

TARGETS=${TARGETS:-bare-get bare-post get-job facts ceiling}
wanted() { [[ " $TARGETS " == *" $1 "* ]]; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_up() { # url
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null -H "Authorization: Bearer $KEY" "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "not up: $1" >&2; return 1
}
# wrk, then one summary line: name req/s p50 p99 non2xx
measure() { # name url [lua]
  local name=$1 url=$2 lua=${3:-}
  local out="$WORK/$name.txt"
  if [ -n "$lua" ]; then
    timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$lua" "$url" >"$out"
  else
    timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$out"
  fi
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ {print $2}' "$out")
  p50=$(awk '$1=="50%" {print $2}' "$out")
  p99=$(awk '$1=="99%" {print $2}' "$out")
  bad=$(awk '/Non-2xx/ {print $NF}' "$out"); bad=${bad:-0}
  printf '%-14s %10s req/s   p50 %-9s p99 %-9s non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "$bad" | tee -a "$WORK/summary"
  echo "$name $rps" >>"$WORK/rates"
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), $(wrk --version 2>&1 | head -1 | cut -c1-40)"
echo "load: ${DURATION}s per run, $CONNECTIONS connections, $THREADS wrk threads, $JOBS jobs; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the bare endpoint (HTTP ceiling)
BARE_PORT=$(free_port)
java -cp "$CP" waybill.bench.BareServer "$BARE_PORT" >"$WORK/bare.log" 2>&1 &
PIDS+=($!); BARE_PID=$!
wait_up "http://127.0.0.1:$BARE_PORT/bare"

# ---- the service, on an empty data folder, manual clock
PORT=$(free_port)
WAYBILL_KEYS="$KEY=admin" java ${SERVICE_JAVA_OPTS:-} -jar "$BUILD/waybill.jar" serve --throttle off --port "$PORT" --data "$WORK/data" \
    --rules "$ROOT/rules" --locations "$ROOT/config/locations.yaml" \
    --clock manual --start 2026-03-02T09:00:00Z >"$WORK/service.log" 2>&1 &
PIDS+=($!); SVC_PID=$!
wait_up "http://127.0.0.1:$PORT/health"
BASE="http://127.0.0.1:$PORT"

# ---- seed: JOBS jobs created, shipped, arrived, drive 1 Transferring (4 facts each, 32 jobs per request)
python3 - "$JOBS" "$WAYBILL_SUB" "$WORK" <<'PY'
import json, sys
jobs, sub, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
addr = {"recipientName": "Test", "streetAddress1": "Street1", "city": "Redmond", "postalCode": "98007",
        "countryOrRegion": "USA", "phone": "4250000000", "email": "test@contoso.com"}
def facts(i):
    jid = f"{sub}/providers/Microsoft.ImportExport/jobs/load{i:05d}"
    req = {"location": "West US", "properties": {
        "storageAccountId": f"{sub}/providers/Microsoft.Storage/storageAccounts/contoso",
        "jobType": "Import", "logLevel": "Verbose", "returnAddress": addr,
        "returnShipping": {"carrierName": "FedEx", "carrierAccountNumber": "989ffff"},
        "deliveryPackage": {"carrierName": "FedEx", "trackingNumber": "123456789"},
        "driveList": [{"driveId": "9CA995B1", "bitLockerKey": "238810-662376-448998-450120-652806-203390-606320-483071",
                       "manifestFile": "\\8a0c23f7.manifest", "manifestHash": "4228EC5D8E04"}]}}
    return [{"type": "CreateJob", "jobId": jid, "request": req},
            {"type": "UpdateJob", "jobId": jid, "request": {"properties": {"state": "Shipping"}}},
            {"type": "PackageArrived", "jobId": jid, "driveIds": ["9CA995B1"]},
            {"type": "DriveTransferStarted", "jobId": jid, "driveId": "9CA995B1"}]
for b in range(0, jobs, 32):
    with open(f"{work}/seed-{b:05d}.json", "w") as f:
        json.dump([x for i in range(b, min(jobs, b + 32)) for x in facts(i)], f)
PY
ls "$WORK"/seed-*.json | xargs -P 4 -I{} curl -fsS -o {}.out -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' --data-binary @{} "$BASE/ops/facts"
refused=$(python3 -c 'import json,sys; print(sum(1 for f in sys.argv[1:] for d in json.load(open(f)) if not d["accepted"]))' "$WORK"/seed-*.out)
last=$(curl -fsS -H "Authorization: Bearer $KEY" "$BASE$WAYBILL_SUB/providers/Microsoft.ImportExport/jobs/load$(printf %05d $((JOBS - 1)))?api-version=2021-01-01" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["properties"]["state"])')
echo "seeded $JOBS jobs ($((JOBS * 4)) facts, $refused refused); last job is $last"
[ "$refused" = 0 ] && [ "$last" = Transferring ] || { echo "seeding failed" >&2; exit 1; }

# ---- warm-up (JIT, pools, caches): the same requests, not measured
if [ "$WARMUP" -gt 0 ]; then
  echo "-- warm-up: ${WARMUP}s per server"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$BARE_PORT/bare" >/dev/null
  wanted get-job && wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/load-get.lua "$BASE" >/dev/null
  wanted facts && WAYBILL_RUN="warm-$$" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/load-facts.lua "$BASE" >/dev/null
fi
for round in $(seq 1 "$ROUNDS"); do
  echo "-- round $round (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  wanted bare-get && measure bare-get "http://127.0.0.1:$BARE_PORT/bare"
  wanted bare-post && measure bare-post "http://127.0.0.1:$BARE_PORT/bare" bench/load-bare-post.lua
  wanted get-job && measure get-job "$BASE" bench/load-get.lua
  wanted facts && WAYBILL_RUN="r$round-$$" measure facts "$BASE" bench/load-facts.lua
done
kill "$BARE_PID"; wait "$BARE_PID" 2>/dev/null || true

# every fact answered 200 was accepted and persisted: count the decisions the service made
curl -fsS -H "Authorization: Bearer $KEY" "$BASE/metrics" | grep -E '^waybill_decisions_total' | sed 's/^/  /' || true
kill "$SVC_PID"; wait "$SVC_PID" 2>/dev/null || true

# ---- the persistence ceiling: one durable insert of a decision-sized document per write, group commit;
# the size is the mean of the DriveProgress decisions the service stored above (1580 B if none ran)
DOC_BYTES=1580
if wanted facts; then
  java -cp "$CP" waybill.bench.StoredSizes "$WORK/data" p- 2>"$WORK/sizes.err" | tee "$WORK/sizes.txt" | grep -v '^RESULT' || true
  DOC_BYTES=$(awk -F= '/^RESULT/ {print $2}' "$WORK/sizes.txt")
  [ -n "$DOC_BYTES" ] || { echo "measuring the stored decisions failed:" >&2; head -12 "$WORK/sizes.err" >&2; exit 1; }
fi
for round in $(seq 1 "$ROUNDS"); do
  wanted ceiling || break
  java -cp "$CP" waybill.bench.StoreCeiling "$CONNECTIONS" "$DURATION" 1 "$DOC_BYTES" "$JOBS" "$WARMUP" 2>/dev/null | tee "$WORK/ceiling.txt" | grep -v '^RESULT'
  awk -F= '/^RESULT/ {print "ceiling " $2}' "$WORK/ceiling.txt" >>"$WORK/rates"
done

echo "== summary"
cat "$WORK/summary"
python3 - "$WORK/rates" <<'PY'
import sys, statistics
r = {}
for line in open(sys.argv[1]):
    k, v = line.split(); r.setdefault(k, []).append(float(v))
m = {k: statistics.median(v) for k, v in r.items()}
for k, v in r.items():
    print(f"{k:10s} median {m[k]:9.0f}/s  runs {', '.join(f'{x:.0f}' for x in v)}")
if "facts" in m and "ceiling" in m:
    print(f"facts / persistence ceiling = {m['facts'] / m['ceiling']:.2f} (target >= 0.50)")
if "facts" in m and "bare-post" in m:
    print(f"facts / bare POST = {m['facts'] / m['bare-post']:.3f}")
if "get-job" in m and "bare-get" in m:
    print(f"get-job / bare GET = {m['get-job'] / m['bare-get']:.3f}")
PY
