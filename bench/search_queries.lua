-- wrk script for site search over many queries (bench/run.sh, BENCH_DATASET=directory):
--   wrk -s bench/search_queries.lua http://HOST/search/ -- bench/search_queries.txt
-- Each request asks for the next query of the file (one a line; blank lines and lines
-- starting with # skipped), percent-encoded, plus a number no other request has (&r=…):
-- every request is distinct, so no cache can answer it, and the load is the whole list, not
-- one query repeated. Threads start at different places in the list. Prints the latency
-- percentiles like bench/percentiles.lua.
dofile("bench/percentiles.lua")

local queries = {}
local sent = 0
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_number", threads)
end

local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function init(args)
  local path = args[1] or "bench/search_queries.txt"
  for line in io.lines(path) do
    local query = line:match("^%s*(.-)%s*$")
    if query ~= "" and query:sub(1, 1) ~= "#" then
      table.insert(queries, encode(query))
    end
  end
  assert(#queries > 0, "no queries in " .. path)
  sent = (thread_number or 1) * 7 -- start each thread elsewhere in the list
end

function request()
  sent = sent + 1
  local query = queries[(sent % #queries) + 1]
  return wrk.format("GET", wrk.path .. "?q=" .. query .. "&r=" .. (thread_number or 1) .. "-" .. sent)
end
