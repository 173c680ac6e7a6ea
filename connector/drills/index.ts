/** Reliability drills: run the node under one injected fault at a time and judge what the receiver holds. */
export { DRILL_ERROR_CODES, type DrillErrorCode } from './errors';
export {
  DRILLS,
  DRILL_NAMES,
  runDrill,
  runDrills,
  type DrillDefinition,
  type DrillRunOptions,
} from './drills';
export { computeFigures, type DrillFigures, type DrillObservation, type AuditView } from './figures';
export { renderTable, toJson, type DrillJson } from './table';
export { startFaultProxy, type FaultProxy, type ProxyMode } from './fault-proxy';
export { startRedisChild, type RedisChild } from './redis-server';
export { createNodeChild, type NodeChild, type NodeLauncher } from './node-child';
export { startDrillFederation, type DrillFederation } from './federation';
