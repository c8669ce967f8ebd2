-- wrk script: requests PREFIX..code for each line of the file CODES in turn, so that a run
-- spreads over many persons instead of repeating one URL.
--   CODES=codes.txt PREFIX=/p/ wrk -t2 -c8 -d5s -s rotate.lua http://127.0.0.1:8080
local codes = {}
local prefix = os.getenv("PREFIX") or "/p/"
for line in io.lines(os.getenv("CODES") or "codes.txt") do
  if line ~= "" then codes[#codes + 1] = line end
end
local i = 0
request = function()
  i = i % #codes + 1
  return wrk.format("GET", prefix .. codes[i])
end
