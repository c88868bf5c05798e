#!/usr/bin/env bash
# Aggregate facts/s of 1, 2 and 3 instances on one store (docs/benchmarks.md, "Several instances").
#
#   bench/cluster.sh                       # build, then for N in 1 2 3: N instances, load, sum; the ceiling
#   DURATION=20 COUNTS="1 3" bench/cluster.sh
#
# Builds into $WAYBILL_BUILD (default /tmp/build-cluster), never into target/. Starts `waybill mongo-server`
# (the embedded server alone, committing each write before it answers) on a free port, then for each N in
# $COUNTS: N `serve --mongo-uri` instances on a database of their own (waybill_nN), $JOBS jobs seeded to
# Transferring through the first, and one wrk per instance at once ($CONNECTIONS connections split
# between them) posting DriveProgress facts with unique factIds (each accepted and persisted), for
# $DURATION s after $WARMUP s unmeasured; the N rates are summed. Then the ceiling in the same run:
# waybill.bench.WireCeiling, $CONNECTIONS threads each inserting a decision-sized document with majority
# write concern into the same server. Prints each aggregate and its ratio to the ceiling. Needs wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${WAYBILL_BUILD:-/tmp/build-cluster}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
CONNECTIONS=${CONNECTIONS:-12}
JOBS=${JOBS:-256}
COUNTS=${COUNTS:-1 2 3}
KEY=cluster-benchmark-admin-key-0001
export WAYBILL_JOBS=$JOBS WAYBILL_KEY=$KEY
export WAYBILL_SUB=/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/load

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -q -B -Dwaybill.build="$BUILD" -Dmaven.test.skip=true package
  mvn -q -B -Pbench -Dwaybill.build="$BUILD" test-compile
  mvn -q -B -Pbench -Dwaybill.build="$BUILD" dependency:build-classpath \
      -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/bench-classpath.txt" >/dev/null
fi
CP="$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/bench-classpath.txt")"
JVM="-Xmx512m"

WORK=$(mktemp -d /tmp/waybill-cluster.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  [ "${KEEP_WORK:-}" = 1 ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_up() { for _ in $(seq 1 240); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; echo "not up: $1" >&2; return 1; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
STORE_PORT=$(free_port)
java $JVM -jar "$BUILD/waybill.jar" mongo-server --port "$STORE_PORT" --data "$WORK/store" >"$WORK/store.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do grep -q "listening on" "$WORK/store.log" && break; sleep 0.5; done

seed() { # base
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
      -H 'Content-Type: application/json' --data-binary @{} "$1/ops/facts"
  python3 -c 'import json,sys; r=sum(1 for f in sys.argv[1:] for d in json.load(open(f)) if not d["accepted"]); sys.exit(1 if r else 0)' "$WORK"/seed-*.out \
      || { echo "seeding failed" >&2; exit 1; }
}

: >"$WORK/rates"
for n in $COUNTS; do
  SVC=(); BASES=()
  for i in $(seq 1 "$n"); do
    port=$(free_port)
    WAYBILL_KEYS="$KEY=admin" java $JVM -jar "$BUILD/waybill.jar" serve --throttle off --port "$port" \
        --mongo-uri "mongodb://127.0.0.1:$STORE_PORT/waybill_n$n" --node-name "n$i" --data "$WORK/d$n-$i" \
        --rules "$ROOT/rules" --fixtures "$ROOT/fixtures" --locations "$ROOT/config/locations.yaml" \
        --clock manual --start 2026-03-02T09:00:00Z >"$WORK/service-$n-$i.log" 2>&1 &
    PIDS+=($!); SVC+=($!); BASES+=("http://127.0.0.1:$port")
  done
  for b in "${BASES[@]}"; do wait_up "$b/health"; done
  seed "${BASES[0]}"
  per=$(( CONNECTIONS / n )); [ "$per" -lt 1 ] && per=1
  WARM=()
  for b in "${BASES[@]}"; do
    WAYBILL_RUN="warm-$n-$$-${b##*:}" timeout $((WARMUP + 30)) wrk -t1 -c"$per" -d"${WARMUP}s" -s bench/load-facts.lua "$b" >/dev/null &
    WARM+=($!)
  done
  for w in "${WARM[@]}"; do wait "$w"; done
  WRKS=()
  for b in "${BASES[@]}"; do
    WAYBILL_RUN="m-$n-$$-${b##*:}" timeout $((DURATION + 30)) wrk -t1 -c"$per" -d"${DURATION}s" --latency \
        -s bench/load-facts.lua "$b" >"$WORK/wrk-$n-${b##*:}.txt" &
    WRKS+=($!)
  done
  for w in "${WRKS[@]}"; do wait "$w"; done
  total=$(cat "$WORK"/wrk-"$n"-*.txt | awk '/^Requests\/sec/ {s += $2} END {printf "%.0f", s}')
  bad=$(cat "$WORK"/wrk-"$n"-*.txt | awk '/Non-2xx/ {s += $NF} END {print s + 0}')
  p99=$(cat "$WORK"/wrk-"$n"-*.txt | awk '$1=="99%" {print $2}' | tr '\n' ' ')
  printf '%d instance(s): %6s facts/s in all   p99 per instance: %s  non-2xx %s\n' "$n" "$total" "$p99" "$bad" | tee -a "$WORK/summary"
  echo "$n $total" >>"$WORK/rates"
  for p in "${SVC[@]}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
done

java -cp "$CP" waybill.bench.WireCeiling "mongodb://127.0.0.1:$STORE_PORT/ceiling" "$CONNECTIONS" "$DURATION" 1580 "$WARMUP" 2>/dev/null \
    | tee "$WORK/ceiling.txt" | grep -v '^RESULT'
ceiling=$(awk -F= '/^RESULT/ {print $2}' "$WORK/ceiling.txt")
echo "== summary (load average $(cut -d' ' -f1-3 /proc/loadavg))"
while read -r n rate; do
  python3 -c "import sys; n,r,c=sys.argv[1:]; print(f'{n} instance(s) {float(r):7.0f} facts/s   / ceiling {float(c):.0f} = {float(r)/float(c):.2f}')" "$n" "$rate" "$ceiling"
done <"$WORK/rates"
