/**
 * One pass over a haystack for many needles at once (Wu–Manber over UTF-16 code units, blocks of three): what
 * the leak guard uses instead of one `indexOf` scan per needle and haystack. It skips ahead as far as the
 * shortest needle allows wherever the text cannot end a needle's first characters. Exact: every candidate is
 * confirmed with `startsWith`, and needles too short to skip with are searched with `indexOf`. Pure (the
 * shift table is scratch space, restored before returning).
 */

/** Characters per block. */
const BLOCK = 3;
/** Needles shorter than this are searched one by one (`indexOf`). */
const MIN_SKIPPING = 6;
const TABLE_BITS = 18;
const TABLE_MASK = (1 << TABLE_BITS) - 1;
/** Block hash → how far the window may move (0: a needle may end here); -1: the longest shift. */
const shifts = new Int32Array(1 << TABLE_BITS).fill(-1);

const blockAt = (text: string, end: number): number =>
  ((text.charCodeAt(end - 2) * 1031 + text.charCodeAt(end - 1)) * 1031 + text.charCodeAt(end)) & TABLE_MASK;

/**
 * Calls `accept(index, at)` for occurrences of `needles[index]` in `haystack` until it returns true for that
 * needle; returns the indices of the needles accepted.
 */
export function searchMany(
  haystack: string,
  needles: readonly string[],
  accept: (index: number, at: number) => boolean = () => true,
): Set<number> {
  const found = new Set<number>();
  const skipping: number[] = [];
  for (let i = 0; i < needles.length; i += 1) {
    const needle = needles[i] as string;
    if (needle.length >= MIN_SKIPPING) skipping.push(i);
    else {
      for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
        if (accept(i, at)) {
          found.add(i);
          break;
        }
      }
    }
  }
  // One pass for all of them: a second pass for the longer ones would cost more than it skips.
  if (skipping.length > 0) skipSearch(haystack, needles, skipping, accept, found);
  return found;
}

function skipSearch(
  haystack: string,
  needles: readonly string[],
  group: readonly number[],
  accept: (index: number, at: number) => boolean,
  found: Set<number>,
): void {
  let m = Infinity;
  for (const i of group) m = Math.min(m, (needles[i] as string).length);
  if (haystack.length < m) return;
  const longest = m - BLOCK + 1;
  const touched: number[] = [];
  /** Needles by the hash of the block that ends their first `m` characters. */
  const ending = new Map<number, number[]>();
  for (const i of group) {
    const needle = needles[i] as string;
    for (let q = BLOCK - 1; q < m; q += 1) {
      const h = blockAt(needle, q);
      const shift = m - 1 - q;
      const current = shifts[h] as number;
      if (current === -1) touched.push(h);
      if (current === -1 || shift < current) shifts[h] = shift;
    }
    const h = blockAt(needle, m - 1);
    const list = ending.get(h);
    if (list === undefined) ending.set(h, [i]);
    else list.push(i);
  }
  try {
    const remaining = new Set(group);
    for (let end = m - 1; end < haystack.length;) {
      const shift = shifts[blockAt(haystack, end)] as number;
      if (shift === -1) {
        end += longest;
        continue;
      }
      if (shift > 0) {
        end += shift;
        continue;
      }
      const at = end - m + 1;
      for (const i of ending.get(blockAt(haystack, end)) ?? []) {
        if (remaining.has(i) && haystack.startsWith(needles[i] as string, at) && accept(i, at)) {
          found.add(i);
          remaining.delete(i);
        }
      }
      if (remaining.size === 0) return;
      end += 1;
    }
  } finally {
    for (const h of touched) shifts[h] = -1;
  }
}
