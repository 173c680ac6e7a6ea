/**
 * A what-if for the biggest lever: the same SD-JWT VC, but selectively disclosable at the granularity of
 * the vocabulary terms a policy can withhold (members of `credentialSubject` down to the term groups, and
 * the supplier entries of the supply chain with their members) instead of every leaf and array element.
 * Built with the exported `conceal` and a PS256 JWS made here, so it is verified by the unchanged verifier
 * and filtered by the unchanged policy pipeline. Not used by the node: it sizes a design change.
 */
import { constants, sign, type JsonWebKey } from 'node:crypto';
import { conceal, joinSdJwt, type ClaimPath } from '../../certs/sd-jwt';
import type { CanonicalRecord } from '../../adapters/canonical/types';
import type { CompanySigner } from './workload';

const CLEAR = new Set(['id', 'type']);
/** Depth of the term groups (`credentialSubject.<group>.<term>`). */
const TERM_DEPTH = 3;
/** Subtrees whose entries carry terms a shipped policy withholds (supplier names, ids, volumes). */
const DEEP_SUBTREES: ReadonlyArray<{ prefix: ReadonlyArray<string>; depth: number }> = [
  { prefix: ['credentialSubject', 'supplyChain'], depth: 6 },
];

export function isTermFrameClaim(path: ClaimPath): boolean {
  if (path.length < 2 || path[0] !== 'credentialSubject') return false;
  if (path.length === 2 && typeof path[1] === 'string' && CLEAR.has(path[1])) return false;
  if (path.length <= TERM_DEPTH) return true;
  return DEEP_SUBTREES.some((s) => path.length <= s.depth && s.prefix.every((p, i) => path[i] === p));
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');

/** Issue `record` as an SD-JWT VC with the term-level frame (PS256, x5c, `cnf`, 2–4 decoys per `_sd`). */
export function issueTermFrame(
  record: CanonicalRecord,
  signer: CompanySigner,
  holderPublicJwk: JsonWebKey,
): string {
  const { payload, disclosures } = conceal(record as unknown as Parameters<typeof conceal>[0], {
    disclosable: isTermFrameClaim,
    decoys: () => 2,
  });
  payload.iat = Math.floor(Date.now() / 1000);
  payload._sd_alg = 'sha-256';
  payload.cnf = { jwk: { kty: 'RSA', n: holderPublicJwk.n ?? '', e: holderPublicJwk.e ?? '' } };
  const input = `${b64({ alg: 'PS256', typ: 'vc+sd-jwt', cty: 'vc', x5c: signer.x5c })}.${b64(payload)}`;
  const signature = sign('sha256', Buffer.from(input, 'ascii'), {
    key: signer.privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: 32,
  });
  return joinSdJwt(`${input}.${signature.toString('base64url')}`, disclosures);
}
