-- wrk script for bench/load.sh: requests drawn at random (by weight) from the spec that
-- bench/load_prepare.py wrote (path in LOAD_SPEC); counts answers per status class over all threads, with
-- 429 (a rate limit) apart from the other 4xx.
local spec = dofile(os.getenv("LOAD_SPEC"))
local threads = {}
local next_id = 1

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

function init(args)
   pool = {}
   for _, r in ipairs(spec.requests) do
      local formatted = wrk.format(r.method, r.path, r.headers, r.body)
      for _ = 1, r.weight do
         table.insert(pool, formatted)
      end
   end
   s2, s3, s4, s429, s5 = 0, 0, 0, 0, 0
   math.randomseed(id * 7919 + os.time())
end

function request()
   return pool[math.random(#pool)]
end

function response(status, headers, body)
   if status >= 500 then
      s5 = s5 + 1
   elseif status == 429 then
      s429 = s429 + 1
   elseif status >= 400 then
      s4 = s4 + 1
   elseif status >= 300 then
      s3 = s3 + 1
   else
      s2 = s2 + 1
   end
end

function done(summary, latency, requests)
   local c = { s2 = 0, s3 = 0, s4 = 0, s429 = 0, s5 = 0 }
   for _, thread in ipairs(threads) do
      for key, _ in pairs(c) do
         c[key] = c[key] + thread:get(key)
      end
   end
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "RESULT requests=%d rps=%.1f 2xx=%d 3xx=%d 429=%d other_4xx=%d 5xx=%d " ..
      "socket_errors=%d (connect %d, read %d, write %d, timeout %d) " ..
      "p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f\n",
      summary.requests, summary.requests / seconds, c.s2, c.s3, c.s429, c.s4, c.s5,
      e.connect + e.read + e.write + e.timeout, e.connect, e.read, e.write, e.timeout,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000))
end
