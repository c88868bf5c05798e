#!/usr/bin/env bash
# Facts per second with delivery off and on, in the same run, and the delivery lag under that load
# (docs/benchmarks.md, "Deliveries").
#
#   bench/deliveries.sh                 # build, then off / on / off / on, 20 s of DriveProgress facts each
#   DURATION=30 ROUNDS=3 bench/deliveries.sh
#
# Each run starts the service on an empty data folder (embedded store, system clock), seeds $JOBS jobs to
# Transferring and measures bench/load-facts.lua with wrk ($CONNECTIONS connections). "off" is
# `serve --deliveries off`; "on" subscribes a webhook to every decision and every action
# (waybill.bench.WebhookSink on loopback, answering 200), so every fact makes one outbox entry. After an
# "on" run the script waits until the outbox is empty, then reports the sink's lag (the event's time, when
# the decision was made, to its arrival) p50/p99/max over all events of the run, and the service's own
# waybill_delivery_lag p99 (from the commit to the receiver's 200). Builds into $WAYBILL_BUILD (default
# /tmp/build-load). Needs wrk (installed with apt-get when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${WAYBILL_BUILD:-/tmp/build-load}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-16}
THREADS=${THREADS:-2}
JOBS=${JOBS:-256}
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-5}
KEY=load-benchmark-admin-key-0001
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

WORK=$(mktemp -d /tmp/waybill-deliveries.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  [ "${KEEP_WORK:-}" = 1 ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_up() { for _ in $(seq 1 120); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.5; done; echo "not up: $1" >&2; return 1; }

SINK_PORT=$(free_port)
java -cp "$CP" waybill.bench.WebhookSink "$SINK_PORT" >"$WORK/sink.log" 2>&1 &
PIDS+=($!)
wait_up "http://127.0.0.1:$SINK_PORT/stats"
cat >"$WORK/on.yaml" <<YAML
egress: {allowPrivateNetworks: true}
webhooks:
  - id: bench
    url: http://127.0.0.1:$SINK_PORT/hook
    secret: bench-webhook-secret-0001
    filter: {decisions: true}
YAML

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1); ${DURATION}s per run, $CONNECTIONS connections, $JOBS jobs"
run() { # mode round
  local mode=$1 round=$2 data="$WORK/data-$1-$2" port; port=$(free_port)
  local opt=off; [ "$mode" = on ] && opt="$WORK/on.yaml"
  WAYBILL_KEYS="$KEY=admin" java -jar "$BUILD/waybill.jar" serve --throttle off --port "$port" --data "$data" \
      --rules "$ROOT/rules" --locations "$ROOT/config/locations.yaml" --deliveries "$opt" >"$WORK/service-$mode-$round.log" 2>&1 &
  local pid=$!; PIDS+=($pid)
  wait_up "http://127.0.0.1:$port/health"
  local base="http://127.0.0.1:$port"
  python3 - "$JOBS" "$WAYBILL_SUB" "$WORK" <<'PY'
import json, sys
jobs, sub, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
addr = {"recipientName": "Test", "streetAddress1": "Street1", "city": "Redmond", "postalCode": "98007",
        "countryOrRegion": "USA", "phone": "4250000000", "email": "test@contoso.com"}
out = []
for i in range(jobs):
    jid = f"{sub}/providers/Microsoft.ImportExport/jobs/load{i:05d}"
    req = {"location": "West US", "properties": {
        "storageAccountId": f"{sub}/providers/Microsoft.Storage/storageAccounts/contoso", "jobType": "Import",
        "returnAddress": addr, "returnShipping": {"carrierName": "FedEx", "carrierAccountNumber": "989ffff"},
        "deliveryPackage": {"carrierName": "FedEx", "trackingNumber": "123456789"},
        "driveList": [{"driveId": "9CA995B1", "bitLockerKey": "238810-662376-448998-450120-652806-203390-606320-483071"}]}}
    out += [{"type": "CreateJob", "jobId": jid, "request": req},
            {"type": "UpdateJob", "jobId": jid, "request": {"properties": {"state": "Shipping"}}},
            {"type": "PackageArrived", "jobId": jid, "driveIds": ["9CA995B1"]},
            {"type": "DriveTransferStarted", "jobId": jid, "driveId": "9CA995B1"}]
json.dump(out, open(f"{work}/seed.json", "w"))
PY
  curl -fsS -o /dev/null -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' --data-binary @"$WORK/seed.json" "$base/ops/facts"
  [ "$WARMUP" -gt 0 ] && WAYBILL_RUN="w-$mode-$round" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/load-facts.lua "$base" >/dev/null
  drain "$base"
  curl -fsS -X POST -o /dev/null "http://127.0.0.1:$SINK_PORT/stats"
  WAYBILL_RUN="m-$mode-$round" timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency \
      -s bench/load-facts.lua "$base" >"$WORK/wrk-$mode-$round.txt"
  local rps bad; rps=$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk-$mode-$round.txt")
  bad=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk-$mode-$round.txt"); bad=${bad:-0}
  local extra=""
  if [ "$mode" = on ]; then
    local t0=$SECONDS; drain "$base"
    local sink; sink=$(curl -fsS "http://127.0.0.1:$SINK_PORT/stats")
    local p99; p99=$(curl -fsS -H "Authorization: Bearer $KEY" "$base/metrics" | awk '/^waybill_delivery_lag_seconds\{quantile="0.99"/ {print $2}')
    extra=$(echo "$sink" | awk -v d=$((SECONDS - t0)) -v p="$p99" '{printf "events %d (distinct %d)  sink lag p50 %d ms p99 %d ms max %d ms  service lag p99 %.0f ms  drained %d s after the load", $1, $2, $3, $4, $5, p * 1000, d}')
  fi
  printf '%-4s round %d  %9s facts/s  non-2xx %s  %s\n' "$mode" "$round" "$rps" "$bad" "$extra" | tee -a "$WORK/summary"
  echo "$mode $rps" >>"$WORK/rates"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
drain() { # base: until the outbox is empty (delivery on) or at once (off)
  for _ in $(seq 1 600); do
    local n; n=$(curl -fsS "$1/health" | python3 -c 'import json,sys; print(json.load(sys.stdin)["delivery"]["pending"])')
    [ "$n" = 0 ] && return 0; sleep 0.5
  done
  echo "the outbox did not drain" >&2; return 1
}
for round in $(seq 1 "$ROUNDS"); do run off "$round"; run on "$round"; done
echo "== summary"
python3 - "$WORK/rates" <<'PY'
import sys, statistics
r = {}
for line in open(sys.argv[1]):
    k, v = line.split(); r.setdefault(k, []).append(float(v))
m = {k: statistics.median(v) for k, v in r.items()}
for k, v in r.items():
    print(f"delivery {k:3s} median {m[k]:7.0f} facts/s  runs {', '.join(f'{x:.0f}' for x in v)}")
if "on" in m and "off" in m:
    print(f"on / off = {m['on'] / m['off']:.2f}")
PY
