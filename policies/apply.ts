/**
 * The disclosure pipeline the node calls for each record and peer: decode the issued SD-JWT VC once,
 * evaluate the policy over its disclosures, derive the presentation (bound to the peer by a key-binding JWT), and run
 * the leak guard over the result. Returns the presentation and the withheld report (terms, reasons and
 * counts only). Throws `KH_POLICY_LEAK_GUARD` — and returns nothing to send — on any leak.
 */
import type { KeyObject } from 'node:crypto';
import { derivePresentation, openSdJwt } from '../certs/sd-jwt';
import { evaluatePolicy, type EvaluateOptions } from './engine';
import { assertNoLeak } from './leak-guard';
import { decodeDerivedPresentation } from './outbound';
import type { CompiledPolicy, DisclosureReport } from './types';

export interface ApplyDisclosurePolicyInput {
  /** The issued SD-JWT VC (`jwt~d1~…~dn~`), without key binding. */
  readonly sdJwt: string;
  readonly policy: CompiledPolicy;
  /** Binds the presentation to the peer (audience) and the transfer (nonce). */
  readonly keyBinding?: {
    readonly privateKey: KeyObject;
    readonly alg?: 'PS256' | 'RS256';
    readonly audience: string;
    readonly nonce: string;
    readonly now?: Date;
  };
  /** Engine options (term resolver, sensitive terms); defaults to the Kakehashi vocabulary. */
  readonly engine?: EvaluateOptions;
}

export interface AppliedDisclosurePolicy {
  readonly presentation: string;
  readonly report: DisclosureReport;
}

export function applyDisclosurePolicy(input: ApplyDisclosurePolicyInput): AppliedDisclosurePolicy {
  // Decoded once: the engine, the presentation step and the leak guard share the decoded Disclosures.
  const opened = openSdJwt(input.sdJwt);
  const evaluation = evaluatePolicy(opened.disclosures, input.policy, input.engine);
  const derived = derivePresentation(opened, {
    keep: evaluation.keep,
    ...(input.keyBinding === undefined ? {} : { keyBinding: { ...input.keyBinding } }),
  });
  const { presentation } = derived;
  assertNoLeak(presentation, evaluation.withheldClaims, decodeDerivedPresentation(presentation, derived));
  return { presentation, report: evaluation.report };
}
