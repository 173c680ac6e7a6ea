/** A monotonic clock for measurements (process.hrtime), in seconds and milliseconds. */
export type Clock = bigint;

export const startClock = (): Clock => process.hrtime.bigint();

export const elapsedSeconds = (from: Clock): number => Number(process.hrtime.bigint() - from) / 1e9;

export const elapsedMs = (from: Clock): number => Number(process.hrtime.bigint() - from) / 1e6;
