-- wrk script for bench/load.sh: GET one job (Jobs_Get), round-robin over the seeded jobs.
local jobs = tonumber(os.getenv("WAYBILL_JOBS") or "256")
local prefix = os.getenv("WAYBILL_SUB")
local key = os.getenv("WAYBILL_KEY") or ""
local counter = 0

function init(args)
  if key ~= "" then wrk.headers["Authorization"] = "Bearer " .. key end
end

function request()
  counter = counter + 1
  local path = string.format("%s/providers/Microsoft.ImportExport/jobs/load%05d?api-version=2021-01-01",
      prefix, counter % jobs)
  return wrk.format("GET", path)
end
