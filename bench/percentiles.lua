-- wrk script (wrk -s bench/percentiles.lua): after the run, print the latency percentiles
-- bench/report.py reads. wrk's --latency table has 50/75/90/99 only; p95 is the figure the
-- issue's search target is stated in. One line, microseconds (wrk's own unit), e.g.
--   bench-latency-us p50=1523 p95=2410 p99=3208 max=10512 mean=1601.25 stdev=402.11
function done(summary, latency, requests)
  io.write(string.format(
    "bench-latency-us p50=%d p95=%d p99=%d max=%d mean=%.2f stdev=%.2f\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean, latency.stdev
  ))
end
