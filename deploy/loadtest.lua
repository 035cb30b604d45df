-- wrk script for `make loadtest`: each request is a random path from a file
-- of paths (one a line, a mix of search pages, article pages, facets and CSV
-- exports written by `manage.py loadtest`), and the summary is printed as one
-- JSON line for the command to parse.
--
--   wrk -t2 -c16 -d60s --latency -s deploy/loadtest.lua http://127.0.0.1:8765 -- var/loadtest-paths.txt

local paths = {}

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if #line > 0 then paths[#paths + 1] = line end
  end
  file:close()
  math.randomseed(os.time() + tonumber(tostring(paths):match("0x(%x+)") or "0", 16) % 100000)
  -- The reverse proxy of docs/deploy.md terminates TLS and says so.
  wrk.headers["X-Forwarded-Proto"] = "https"
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f, "connect_errors": %d, "read_errors": %d, "write_errors": %d, ' ..
    '"status_errors": %d, "timeouts": %d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
