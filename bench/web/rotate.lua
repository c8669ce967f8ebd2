-- wrk script: requests PREFIX..code for each line of the file CODES in turn, so that a run
-- spreads over many persons instead of repeating one URL.
--   CODES=codes.txt PREFIX=/p/ wrk -t2 -c8 -d5s -s rotate.lua http://127.0.0.1:8080
-- Each of wrk's THREADS (default 2, as -t) starts at its own share of the file, so that no
-- two ask the same in turn, shifted by OFFSET lines: a measured run after a warm-up with
-- another OFFSET asks what the warm-up did not.
local codes = {}
local prefix = os.getenv("PREFIX") or "/p/"
for line in io.lines(os.getenv("CODES") or "codes.txt") do
  if line ~= "" then codes[#codes + 1] = line end
end
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
local i = nil
request = function()
  if i == nil then
    local n = tonumber(os.getenv("THREADS") or "2")
    i = (tonumber(os.getenv("OFFSET") or "0") + math.floor(#codes * (tid or 0) / n)) % #codes
  end
  i = i % #codes + 1
  return wrk.format("GET", prefix .. codes[i])
end
