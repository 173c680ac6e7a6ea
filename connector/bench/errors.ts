/** Error codes of the benchmark (`connector/bench/`, `kakehashi bench`). */
export const BENCH_ERROR_CODES = {
  KH_BENCH_INVALID_OPTION:
    'a bench option (--records, --concurrency, --rate, --sample) is not a positive number in range',
  KH_BENCH_REDIS_UNAVAILABLE:
    'the bench could not start a private redis-server (none on PATH) nor reach REDIS_URL',
  KH_BENCH_REFERENCE_FAILED:
    'the reference stack (@digitalbazaar/vc, eddsa-rdfc-2022) could not be loaded or did not verify its own credential',
  KH_BENCH_RELAY_INCOMPLETE:
    'the relay did not store every record it was sent before the deadline, or refused some',
  KH_BENCH_NODE_FAILED: 'a bench node process exited or reported an error before the run ended',
  KH_BENCH_WORKLOAD_INVALID: 'the seed records could not be mapped, issued or verified before measuring',
} as const;
export type BenchErrorCode = keyof typeof BENCH_ERROR_CODES;
