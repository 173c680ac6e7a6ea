/**
 * The sd-jwt-js conformance cases (claims + disclosure frame): conceal → process with every Disclosure
 * gives the claims back; with none, the cases' `presenatedClaims` for an empty presentation frame.
 */
import fs from 'node:fs';
import path from 'node:path';
import { conceal, type ClaimPath } from '../../certs/sd-jwt/conceal';
import { decodeDisclosure } from '../../certs/sd-jwt/disclosure';
import { reveal } from '../../certs/sd-jwt/reveal';
import { readJson, SD_FIXTURES } from './helpers';

type Frame = { _sd?: Array<string | number>; [k: string]: unknown };
interface Case {
  claims: Record<string, unknown>;
  disclosureFrame?: Frame;
  presentationFrames?: Record<string, unknown>;
  presenatedClaims?: Record<string, unknown>;
}

const DIR = path.join(SD_FIXTURES, 'sd-jwt-js/packages/core/test');
const CASES = fs.readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'json_serialization.json');

function disclosableIn(frame: Frame | undefined) {
  return (p: ClaimPath): boolean => {
    let level: unknown = frame;
    for (const seg of p.slice(0, -1)) {
      if (typeof level !== 'object' || level === null) return false;
      level = (level as Record<string, unknown>)[String(seg)];
    }
    if (typeof level !== 'object' || level === null) return false;
    const sd = (level as Frame)._sd;
    return Array.isArray(sd) && sd.some((k) => String(k) === String(p[p.length - 1]));
  };
}

test.each(CASES)('%s', (file) => {
  const c = readJson<Case>(path.join(DIR, file));
  const { payload, disclosures } = conceal(c.claims, {
    disclosable: disclosableIn(c.disclosureFrame),
    decoys: () => 2,
  });
  const all = reveal(
    payload,
    disclosures.map((d, i) => decodeDisclosure(d, i)),
    { maxDepth: 32 },
  );
  expect(all.claims).toEqual(c.claims);
  expect(all.undisclosedDigests.length).toBeGreaterThanOrEqual(0);
  const none = reveal(payload, [], { maxDepth: 32 });
  if (file === 'array_none_disclosed.json') {
    // sd-jwt-js drops the emptied object; RFC 9901 processing (and sd-jwt-python's expectation for the
    // same case, `expect_verified_user_claims: {is_over: {}}`) keeps it.
    expect(none.claims).toEqual({ is_over: {} });
  } else if (c.presenatedClaims !== undefined && Object.keys(c.presentationFrames ?? {}).length === 0) {
    expect(none.claims).toEqual(c.presenatedClaims);
  }
});
