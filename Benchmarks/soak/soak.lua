-- Mixed traffic for the soak: MOCK, Lambda proxy, HTTP proxy to a backend, bodies the
-- validator refuses (400 expected), and 1 MB uploads, in fixed proportions. Every answer is
-- classified: 200, or 400 with API Gateway's "Invalid request body", is expected; anything
-- else is counted as unexpected and the first few are printed.
local base = "/_gateway/soak/prod"
local big = string.rep("x", 1024 * 1024)
local kinds = {
  wrk.format("GET", base .. "/mock"),
  wrk.format("GET", base .. "/mock"),
  wrk.format("GET", base .. "/mock"),
  wrk.format("POST", base .. "/lambda", {["Content-Type"] = "application/json"}, '{"hello": "soak"}'),
  wrk.format("GET", base .. "/backend/42"),
  wrk.format("GET", base .. "/backend/7"),
  wrk.format("POST", base .. "/validated", {["Content-Type"] = "application/json"}, '{"item": "a1", "quantity": 2}'),
  wrk.format("POST", base .. "/validated", {["Content-Type"] = "application/json"}, '{"item": "a1", "quantity": 0}'),
}
local upload = wrk.format("POST", base .. "/upload", {["Content-Type"] = "application/json"}, big)

local threads = {}
function setup(thread)
  table.insert(threads, thread)
end

-- Globals: done() reads each thread's `unexpected` with thread:get.
counter, unexpected, shown = 0, 0, 0
function init(args)
  counter = math.random(1, 100)
end

function request()
  counter = counter + 1
  if counter % 50 == 0 then return upload end
  return kinds[counter % #kinds + 1]
end

function response(status, headers, body)
  if status == 200 then return end
  if status == 400 and body and body:find("Invalid request body", 1, true) then return end
  unexpected = unexpected + 1
  if shown < 5 then
    shown = shown + 1
    io.stderr:write("unexpected answer: " .. status .. " " .. tostring(body):sub(1, 200) .. "\n")
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("unexpected") end
  io.write(string.format("unexpected answers: %d\n", total))
end
