/**
 * The disclosure pipeline the node calls for each record and peer: take the issued SD-JWT VC decoded once
 * (the node hands over the token it opened at intake; a compact token is opened here), evaluate the policy
 * over its disclosures, derive the presentation (bound to the peer by a key-binding JWT when asked), and
 * run the leak guard over the result. Returns the presentation and the withheld report (terms, reasons and
 * counts only). Throws `KH_POLICY_LEAK_GUARD` — and returns nothing to send — on any leak.
 */
import type { KeyObject } from 'node:crypto';
import { derivePresentation, openSdJwt, type OpenedSdJwt } from '../certs/sd-jwt';
import { evaluatePolicy, type EvaluateOptions } from './engine';
import { assertNoLeak } from './leak-guard';
import { decodeDerivedPresentation } from './outbound';
import type { CompiledPolicy, DisclosureReport } from './types';

interface ApplyDisclosurePolicyCommon {
  readonly policy: CompiledPolicy;
  /**
   * Binds the presentation to the peer (audience) and the transfer (nonce): one RSA signature per call.
   * Optional; leave it out when delivery binds each attempt itself (the fast path).
   */
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

/** The issued token, either compact or already opened (`openSdJwt`, as verified at intake). */
export type ApplyDisclosurePolicyInput = ApplyDisclosurePolicyCommon &
  (
    | {
        /** The issued SD-JWT VC (`jwt~d1~…~dn~`), without key binding. */
        readonly sdJwt: string;
        readonly opened?: undefined;
      }
    | {
        /**
         * The issued SD-JWT VC as `openSdJwt` returned it (not modified since): no second decode. Its
         * Disclosures' decoded texts are what the leak guard inspects, so they must be the ones sent.
         */
        readonly opened: OpenedSdJwt;
        readonly sdJwt?: undefined;
      }
  );

export interface AppliedDisclosurePolicy {
  readonly presentation: string;
  readonly report: DisclosureReport;
}

export function applyDisclosurePolicy(input: ApplyDisclosurePolicyInput): AppliedDisclosurePolicy {
  // Decoded once: the engine, the presentation step and the leak guard share the decoded Disclosures.
  const opened = input.opened ?? openSdJwt(input.sdJwt);
  const evaluation = evaluatePolicy(opened.disclosures, input.policy, input.engine);
  const derived = derivePresentation(opened, {
    keep: evaluation.keep,
    ...(input.keyBinding === undefined ? {} : { keyBinding: { ...input.keyBinding } }),
  });
  const { presentation } = derived;
  assertNoLeak(presentation, evaluation.withheldClaims, decodeDerivedPresentation(presentation, derived));
  return { presentation, report: evaluation.report };
}
