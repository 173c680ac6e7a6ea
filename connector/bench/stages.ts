/**
 * Where a record's time goes: each stage of the relay path run alone, in this process, over the same seed
 * records — native validation, mapping to canonical, issuance, the disclosure policy (list, evaluate,
 * present with key binding, leak guard), verification (chain, signature, digests, key binding), the
 * receiver's JSON-LD check (full expansion in safe mode), mapping to the target's native format (with its
 * validation). Mean milliseconds per record per stage.
 */
import { loadShippedPolicy } from '../../policies';
import { InMemoryReplayCache, issueSdJwtVc, verifySdJwtVc } from '../../certs/sd-jwt';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import { isKhError } from '../errors';
import { applyDisclosurePolicy } from '../../policies';
import { assertFullyDefined } from '../../schemas/jsonld';
import { elapsedMs, startClock } from './clock';
import { OTHER_PLATFORM } from './layout';
import { createSaltPool } from './salt-pool';
import { issueTermFrame } from './term-frame';
import { round } from './stats';
import { benchAdapter, signerFor, type Workload } from './workload';

export interface StageBreakdown {
  /** Records that went through every stage. */
  records: number;
  /** Mean ms per record, by stage (over the records that reached the stage). */
  msPerRecord: Record<string, number>;
  /** The same stage done another way, to size a change (not part of the path as it runs). */
  whatIfMsPerRecord: Record<string, number>;
  /** Mean number of disclosures in an issued token, and in a presentation after the policy. */
  disclosuresIssued: number;
  disclosuresPresented: number;
  /** Mean disclosures per token with the term-level frame (what-if). */
  disclosuresTermFrame: number;
  /** Mean size of the presentation sent, bytes. */
  presentationBytes: number;
  /** Records a stage refused (`stage: error code` → count); such records skip the later stages. */
  refused: Record<string, number>;
}

const count = (token: string): number => token.split('~').length - 2;

export async function measureStages(workload: Workload, n: number): Promise<StageBreakdown> {
  const target = OTHER_PLATFORM[workload.source];
  const source = benchAdapter(workload.source);
  const dest = benchAdapter(target);
  const policy = loadShippedPolicy(workload.source, target);
  const replayCache = new InMemoryReplayCache();
  const pooledSalt = createSaltPool();
  const whatIf: Record<string, number> = {};
  const total: Record<string, number> = {};
  const refused: Record<string, number> = {};
  const runs: Record<string, number> = {};
  let issuedDisclosures = 0;
  let presentedDisclosures = 0;
  let presented = 0;
  let termFrameDisclosures = 0;
  let termFrames = 0;
  let bytes = 0;
  let done = 0;
  const add = (into: Record<string, number>, key: string, ms: number): void => {
    into[key] = (into[key] ?? 0) + ms;
    runs[key] = (runs[key] ?? 0) + 1;
  };
  let current = '';
  const time = <T>(stage: string, f: () => T): T => {
    current = stage;
    const c = startClock();
    const out = f();
    add(total, stage, elapsedMs(c));
    return out;
  };
  const records = Math.min(n, workload.canonicals.length);
  for (let i = 0; i < records; i += 1) {
    try {
      const native = workload.natives[i];
      time('validateNative', () => source.validateNative(native));
      const canonical = time('toCanonical', () => source.toCanonical(native));
      const signer = signerFor(workload, canonical);
      const sdJwt = time('issue', () =>
        issueSdJwtVc(canonical, {
          privateKey: signer.privateKey,
          x5c: signer.x5c,
          holderPublicJwk: workload.holder.publicJwk,
        }),
      );
      const w0 = startClock();
      issueSdJwtVc(canonical, {
        privateKey: signer.privateKey,
        x5c: signer.x5c,
        holderPublicJwk: workload.holder.publicJwk,
        salt: pooledSalt,
      });
      add(whatIf, 'issueWithPooledSalts', elapsedMs(w0));
      const nonce = `bench-transfer#${i + 1}`;
      const { presentation } = time('disclose', () =>
        applyDisclosurePolicy({
          sdJwt,
          policy,
          keyBinding: { privateKey: workload.holder.privateKey, audience: 'bench-peer', nonce },
        }),
      );
      issuedDisclosures += count(sdJwt);
      presentedDisclosures += count(presentation);
      bytes += presentation.length;
      presented += 1;
      const verified = time('verify', () =>
        verifySdJwtVc(presentation, {
          trust: workload.trust,
          requireRole: 'company',
          audience: 'bench-peer',
          nonce,
          requireKeyBinding: true,
          replayCache,
        }),
      );
      time('json', () => JSON.parse(JSON.stringify({ presentation })) as unknown);
      // What-if: the same record at the granularity of policy terms, through the same policy and verifier.
      current = 'termFrame (what-if)';
      const t0 = startClock();
      const termToken = issueTermFrame(canonical, signer, workload.holder.publicJwk);
      add(whatIf, 'issueTermFrame', elapsedMs(t0));
      const t1 = startClock();
      const termPresentation = applyDisclosurePolicy({
        sdJwt: termToken,
        policy,
        keyBinding: { privateKey: workload.holder.privateKey, audience: 'bench-peer', nonce: `${nonce}-t` },
      }).presentation;
      add(whatIf, 'discloseTermFrame', elapsedMs(t1));
      const t2 = startClock();
      verifySdJwtVc(termPresentation, {
        trust: workload.trust,
        requireRole: 'company',
        audience: 'bench-peer',
        nonce: `${nonce}-t`,
        requireKeyBinding: true,
        replayCache,
      });
      add(whatIf, 'verifyTermFrame', elapsedMs(t2));
      termFrameDisclosures += count(termToken);
      termFrames += 1;
      current = 'jsonldCheck';
      const c = startClock();
      await assertFullyDefined(verified.credential);
      add(total, 'jsonldCheck', elapsedMs(c));
      time('fromCanonical', () => dest.fromCanonical(verified.credential as unknown as CanonicalRecord));
      done += 1;
    } catch (err) {
      const code = `${current}: ${isKhError(err) ? err.code : 'KH_INTERNAL'}`;
      refused[code] = (refused[code] ?? 0) + 1;
    }
  }
  const per = (into: Record<string, number>): Record<string, number> =>
    Object.fromEntries(Object.entries(into).map(([k, v]) => [k, round(v / Math.max(runs[k] ?? 1, 1), 3)]));
  return {
    records: done,
    msPerRecord: per(total),
    whatIfMsPerRecord: per(whatIf),
    disclosuresIssued: round(issuedDisclosures / Math.max(presented, 1)),
    disclosuresPresented: round(presentedDisclosures / Math.max(presented, 1)),
    presentationBytes: Math.round(bytes / Math.max(presented, 1)),
    disclosuresTermFrame: round(termFrameDisclosures / Math.max(termFrames, 1)),
    refused,
  };
}
