/**
 * Error codes of the reliability drills (`kakehashi drill`). Each has one line of meaning; `docs/errors.md`
 * collects them with every other area's codes.
 */
export const DRILL_ERROR_CODES = {
  KH_DRILL_UNKNOWN: 'no drill has the name given to --only',
  KH_DRILL_BAD_FLAG: 'a drill flag (--records) is missing or has a bad value',
  KH_DRILL_NO_REDIS:
    'no redis-server on PATH: the drills start a private one (apt-get install -y redis-server)',
  KH_DRILL_CHILD_START: 'a drill child process (node or redis-server) did not become healthy in time',
  KH_DRILL_SETUP: 'the drill federation could not be set up (negotiation or publishing failed)',
  KH_DRILL_TIMEOUT: 'the receiving node did not store every published record within the drill deadline',
  KH_DRILL_FAILED:
    'a drill ended with lost, duplicated or dead-lettered records, or an incomplete audit stream',
} as const;

export type DrillErrorCode = keyof typeof DRILL_ERROR_CODES;
