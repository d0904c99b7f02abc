-- wrk's --latency prints only p50/p75/p90/p99; the benchmark reports p95, so this hook
-- prints the numbers itself, as one JSON line that bench/public_page.py picks out of
-- wrk's output (latencies in microseconds). Usable on its own too:
--   wrk -t1 -c16 -d10s -s bench/latency.lua http://127.0.0.1:8000/
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"connect_errors": %d, "read_errors": %d, "write_errors": %d, '
      .. '"status_errors": %d, "timeouts": %d, "mean_us": %.1f, "max_us": %.0f, '
      .. '"p50_us": %.0f, "p90_us": %.0f, "p95_us": %.0f, "p99_us": %.0f}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.max,
    latency:percentile(50), latency:percentile(90),
    latency:percentile(95), latency:percentile(99)))
end
