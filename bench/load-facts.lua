-- wrk script for bench/load.sh: POST /ops/facts, one DriveProgress per request with a unique factId,
-- spread round-robin over the seeded jobs (all Transferring, drive 9CA995B1 Transferring), so every
-- fact is accepted and persisted. Env: WAYBILL_JOBS (count), WAYBILL_SUB (job id prefix), WAYBILL_KEY.
local jobs = tonumber(os.getenv("WAYBILL_JOBS") or "256")
local prefix = os.getenv("WAYBILL_SUB")
local key = os.getenv("WAYBILL_KEY") or ""
local run = os.getenv("WAYBILL_RUN") or tostring(os.time())
local threads = {}
local counter = 0
tid = 0 -- set per thread by setup()

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  wrk.method = "POST"
  wrk.path = "/ops/facts"
  wrk.headers["Content-Type"] = "application/json"
  if key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
end

function request()
  counter = counter + 1
  local n = counter * 2 + tid
  local job = string.format("%s/providers/Microsoft.ImportExport/jobs/load%05d", prefix, n % jobs)
  local body = string.format('{"type":"DriveProgress","factId":"p-%s-%d-%d","jobId":"%s","driveId":"9CA995B1",'
      .. '"percentComplete":%d,"bytesSucceeded":%d}', run, tid, counter, job, n % 100, (n % 100) * 1000000000)
  return wrk.format(nil, nil, nil, body)
end
