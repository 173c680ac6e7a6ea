/** The benchmark (`kakehashi bench`): relay, issuance, floor and reference on this machine. See docs/performance.md. */
export { BENCH_ERROR_CODES, type BenchErrorCode } from './errors';
export { runBench, DEFAULT_BENCH_OPTIONS, type BenchOptions } from './run';
export { parseBenchFlags, type RawBenchFlags } from './options';
export { buildReport, formatTable, type BenchReport, type ReportParts } from './report';
export { measureIssuance, type IssuanceResult } from './issuance';
export { measureFloor, floorWork, type FloorInput, type FloorResult } from './floor';
export { measureReference, type ReferenceResult } from './reference';
export { measureRelay, type RelayOptions, type RelayResult } from './relay';
export { percentile, summarizeLatencies, type LatencySummary } from './stats';
export {
  parseProcStatus,
  parseProcStatCpuSeconds,
  readRss,
  readCpuSeconds,
  isFlat,
  RssTracker,
  type RssReading,
} from './rss';
export { startBenchRedis, type BenchRedis } from './redis-server';
export { buildWorkload, type Workload } from './workload';
export { measureStages, type StageBreakdown } from './stages';
export { issueAsNode, issueAnotherWay } from './product-issue';
export {
  summarizeProfile,
  formatProfileSummary,
  type CpuProfile,
  type ProfileSummary,
} from './profile-summary';
