-- wrk script for bench/load.sh: the bare endpoint with a fact-sized POST body (the HTTP ceiling for facts).
local counter = 0
function init(args)
  wrk.method = "POST"
  wrk.path = "/bare"
  wrk.headers["Content-Type"] = "application/json"
end
function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, string.format('{"type":"DriveProgress","factId":"p-%d","jobId":'
      .. '"/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/load/providers/Microsoft.ImportExport/jobs/load00001",'
      .. '"driveId":"9CA995B1","percentComplete":%d,"bytesSucceeded":1}', counter, counter % 100))
end
