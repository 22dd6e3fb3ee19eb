-- wrk script for bench/fleet.sh: every request asks the page with a query string of its own
-- (?fleet=<thread>-<n>), so no shared page cache can answer it and each one reads the
-- database (the PostgreSQL restart must be felt by the app, not hidden by the cache).
local thread_number = 0
local counter = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_id", thread_number)
end

function request()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "?fleet=" .. (thread_id or 0) .. "-" .. counter)
end
