/**
 * Where a record's time goes: each stage of the relay path run alone, in this process, over the same seed
 * records, with the functions and options the nodes use (`connector/node/node.ts`):
 * company (before the relay) — native validation, mapping to canonical, issuance with the product frame and
 * pooled randomness (`issueAsNode`); sender — intake (the company's credential verified and opened), the
 * disclosure policy on the opened token (`applyDisclosurePolicy`: evaluate, derive, leak guard), the
 * delivery's key-binding JWT; wire — the delivery body serialised and parsed; receiver — verification
 * (`verifySdJwtVcAsync`: chain, signature, digests, key binding, replay), the compiled JSON-LD check
 * (`assertTermsDefinedCompiled`), canonical validation (withheld claims allowed), mapping to the target's
 * native format (with its validation). Mean milliseconds per record per stage.
 *
 * What-ifs (not the path as it runs): the same record without the frame (the old granularity), without
 * decoys, and the full JSON-LD expansion that the compiled check falls back on for a credential it cannot
 * vouch for.
 */
import {
  createKeyBindingJwt,
  verifySdJwtVc,
  verifySdJwtVcAsync,
  type AsyncReplayCache,
} from '../../certs/sd-jwt';
import { applyDisclosurePolicy, loadShippedPolicy, type CompiledPolicy } from '../../policies';
import { validateCanonical } from '../../adapters/canonical';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import { assertFullyDefined, assertTermsDefinedCompiled, compiledTermDoubt } from '../../schemas/jsonld';
import { isKhError } from '../errors';
import { elapsedMs, startClock } from './clock';
import { OTHER_PLATFORM } from './layout';
import { issueAnotherWay, issueAsNode } from './product-issue';
import { round } from './stats';
import { benchAdapter, signerFor, type Workload } from './workload';

export interface StageBreakdown {
  /** Records that went through every stage. */
  records: number;
  /**
   * Mean ms per record, by stage of the relay path as the nodes run it on a record signed by its company, in
   * path order (over the records that reached it): sender `intake` (verify the company's credential, as
   * `connector/node/intake` does), `disclose` (the policy on the opened token, leak guard), `bind` (the
   * delivery's key-binding JWT over the presentation string); wire `json`; receiver `verify`, `jsonldCheck`,
   * `validateCanonical`, `fromCanonical`.
   */
  msPerRecord: Record<string, number>;
  /**
   * The company's side, before the relay (not in it): validate the native record, map it to canonical and
   * issue the SD-JWT VC (`issueAsNode`, as `kakehashi publish --sign` and the node's custody path do).
   */
  companyMsPerRecord: Record<string, number>;
  /** The same stage done another way, to size a change (not part of the path as it runs). */
  whatIfMsPerRecord: Record<string, number>;
  /** Mean number of disclosures in an issued token, and in a presentation after the policy. */
  disclosuresIssued: number;
  disclosuresPresented: number;
  /** Mean disclosures per token without the frame (what-if: every leaf and array element disclosable). */
  disclosuresWithoutFrame: number;
  /** Mean size of the presentation sent, bytes (and without the frame). */
  presentationBytes: number;
  presentationBytesWithoutFrame: number;
  /** Received credentials the compiled JSON-LD check could not vouch for (they took the full expansion). */
  jsonldFallbacks: number;
  /** Records a stage refused (`stage: error code` → count); such records skip the later stages. */
  refused: Record<string, number>;
}

const AUDIENCE = 'bench-peer';
/**
 * Untimed passes over the first records first, so the figures are the steady state the nodes run in (they
 * handle thousands of records), not the JIT warming up: with 3 the policy step still measured ~3× its
 * steady-state cost.
 */
const WARM_UP = 30;

const count = (token: string): number => token.split('~').length - 2;

/** An asynchronous in-memory replay cache: the node's Redis one answers through a promise too. */
function asyncReplayCache(): AsyncReplayCache {
  const seen = new Set<string>();
  return {
    remember: (key) => {
      if (seen.has(key)) return Promise.resolve(false);
      seen.add(key);
      return Promise.resolve(true);
    },
  };
}

interface Tally {
  ms: Record<string, number>;
  runs: Record<string, number>;
}

const tally = (): Tally => ({ ms: {}, runs: {} });
const mean = (t: Tally): Record<string, number> =>
  Object.fromEntries(Object.entries(t.ms).map(([k, v]) => [k, round(v / Math.max(t.runs[k] ?? 1, 1), 3)]));

export async function measureStages(workload: Workload, n: number): Promise<StageBreakdown> {
  const target = OTHER_PLATFORM[workload.source];
  const source = benchAdapter(workload.source);
  const dest = benchAdapter(target);
  const policy: CompiledPolicy = loadShippedPolicy(workload.source, target);
  const replayCache = asyncReplayCache();
  const path = tally();
  const company = tally();
  const whatIf = tally();
  const refused: Record<string, number> = {};
  const sums = { issued: 0, presented: 0, bytes: 0, withoutFrame: 0, bytesWithoutFrame: 0, fallbacks: 0 };
  let measured = 0;
  let done = 0;
  const records = Math.min(n, workload.canonicals.length);
  const warm = Math.min(WARM_UP, records);

  for (let j = 0; j < warm + records; j += 1) {
    const timed = j >= warm;
    const i = timed ? j - warm : j;
    let current = '';
    const time = async <T>(into: Tally, stage: string, f: () => T | Promise<T>): Promise<T> => {
      current = stage;
      const c = startClock();
      const out = await f();
      if (timed) {
        into.ms[stage] = (into.ms[stage] ?? 0) + elapsedMs(c);
        into.runs[stage] = (into.runs[stage] ?? 0) + 1;
      }
      return out;
    };
    const keyBinding = (nonce: string) => ({
      privateKey: workload.holder.privateKey,
      audience: AUDIENCE,
      nonce,
    });
    const verifyAsNode = (presentation: string, nonce: string) =>
      verifySdJwtVcAsync(presentation, {
        trust: workload.trust,
        requireRole: 'company',
        audience: AUDIENCE,
        nonce,
        requireKeyBinding: true,
        replayCache,
      });
    try {
      // ---- the company, before the relay
      const native = workload.natives[i];
      await time(company, 'validateNative', () => source.validateNative(native));
      const canonical = await time(company, 'toCanonical', () => source.toCanonical(native));
      const signer = signerFor(workload, canonical);
      const sdJwt = await time(company, 'issue', () =>
        issueAsNode(canonical, signer, workload.holder.publicJwk),
      );
      const nonce = `bench-transfer#${j + 1}`;
      // ---- sender: intake of the signed record, the policy on the token it opened, the delivery's binding
      const intake = await time(path, 'intake', async () => {
        const v = verifySdJwtVc(sdJwt, { trust: workload.trust, requireRole: 'company' });
        await assertTermsDefinedCompiled(v.credential);
        validateCanonical(v.credential);
        return v;
      });
      const { presentation: unbound } = await time(path, 'disclose', () =>
        applyDisclosurePolicy({ opened: intake.opened, policy }),
      );
      const presentation = await time(
        path,
        'bind',
        () =>
          unbound +
          createKeyBindingJwt(unbound, { privateKey: workload.holder.privateKey, audience: AUDIENCE, nonce }),
      );
      // ---- wire: the delivery body as the peer client sends it and the transfer endpoint parses it
      const body = await time(path, 'json', () => JSON.parse(JSON.stringify({ presentation })) as unknown);
      // ---- receiver
      const received = (body as { presentation: string }).presentation;
      const verified = await time(path, 'verify', () => verifyAsNode(received, nonce));
      const credential = verified.credential;
      await time(path, 'jsonldCheck', () => assertTermsDefinedCompiled(credential));
      await time(path, 'validateCanonical', () => validateCanonical(credential, { allowWithheld: true }));
      await time(path, 'fromCanonical', () => dest.fromCanonical(credential as unknown as CanonicalRecord));
      if (timed) {
        sums.issued += count(sdJwt);
        sums.presented += count(presentation);
        sums.bytes += presentation.length;
        if (compiledTermDoubt(credential) !== undefined) sums.fallbacks += 1;
        measured += 1;
      }

      // ---- what-ifs on the same record
      const holderJwk = workload.holder.publicJwk;
      await time(whatIf, 'issueWithoutDecoys', () =>
        issueAnotherWay(canonical, signer, holderJwk, 'withoutDecoys'),
      );
      const oldToken = await time(whatIf, 'issueWithoutFrame', () =>
        issueAnotherWay(canonical, signer, holderJwk, 'withoutFrame'),
      );
      const oldNonce = `${nonce}-without-frame`;
      const old = await time(whatIf, 'discloseWithoutFrame', () =>
        applyDisclosurePolicy({ sdJwt: oldToken, policy, keyBinding: keyBinding(oldNonce) }),
      );
      await time(whatIf, 'verifyWithoutFrame', () => verifyAsNode(old.presentation, oldNonce));
      await time(whatIf, 'jsonldFullExpansion', () => assertFullyDefined(credential));
      if (timed) {
        sums.withoutFrame += count(oldToken);
        sums.bytesWithoutFrame += old.presentation.length;
        done += 1;
      }
    } catch (err) {
      if (!timed) continue;
      const code = `${current}: ${isKhError(err) ? err.code : 'KH_INTERNAL'}`;
      refused[code] = (refused[code] ?? 0) + 1;
    }
  }
  const per = (v: number): number => round(v / Math.max(measured, 1));
  return {
    records: done,
    msPerRecord: mean(path),
    companyMsPerRecord: mean(company),
    whatIfMsPerRecord: mean(whatIf),
    disclosuresIssued: per(sums.issued),
    disclosuresPresented: per(sums.presented),
    disclosuresWithoutFrame: round(sums.withoutFrame / Math.max(done, 1)),
    presentationBytes: Math.round(sums.bytes / Math.max(measured, 1)),
    presentationBytesWithoutFrame: Math.round(sums.bytesWithoutFrame / Math.max(done, 1)),
    jsonldFallbacks: sums.fallbacks,
    refused,
  };
}
