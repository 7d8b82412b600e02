-- Shared by the wrk scripts (loaded with dofile from BENCH_DIR): how many requests failed, at the end.
function done(summary, latency, requests)
  io.write(string.format("non-2xx or errors: %d of %d\n",
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
end
