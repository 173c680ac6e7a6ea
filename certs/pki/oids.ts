import type { Role } from './types';

/**
 * Kakehashi's OID arc: a UUID OID (ITU-T X.667, `2.25.<UUID as a decimal integer>`), minted once from
 * UUID a9332d6d-4d59-4300-99a2-ea6c77e88244. Sub-arcs: `.1.<n>` role policies (below).
 */
export const KAKEHASHI_ARC = '2.25.224905259795676193673594616962972418628';

/** Certificate-policy OIDs naming the role a leaf certificate is issued for. */
export const ROLE_POLICY_OIDS: Readonly<Record<Role, string>> = {
  company: `${KAKEHASHI_ARC}.1.1`,
  certifier: `${KAKEHASHI_ARC}.1.2`,
  node: `${KAKEHASHI_ARC}.1.3`,
  authority: `${KAKEHASHI_ARC}.1.4`,
};

export function roleFromPolicyOid(oid: string): Role | undefined {
  for (const [role, value] of Object.entries(ROLE_POLICY_OIDS) as [Role, string][]) {
    if (value === oid) return role;
  }
  return undefined;
}

export const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyIdentifier: '2.5.29.14',
  authorityKeyIdentifier: '2.5.29.35',
  certificatePolicies: '2.5.29.32',
  cRLNumber: '2.5.29.20',
  sha256WithRSAEncryption: '1.2.840.113549.1.1.11',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  organizationIdentifier: '2.5.4.97',
  serialNumber: '2.5.4.5',
} as const;

/** Extensions the validator understands; any other one marked critical is refused. */
export const UNDERSTOOD_CRITICAL: ReadonlySet<string> = new Set([
  OID.basicConstraints,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.subjectAltName,
  OID.certificatePolicies,
]);

/** DER encoding of an OID of any arc size (node-forge's encoder stops at 32-bit arcs). */
export function oidToDerBytes(oid: string): Buffer {
  const parts = oid.split('.').map((p) => BigInt(p));
  if (parts.length < 2) throw new Error('OID needs at least two arcs');
  const subs = [parts[0] * 40n + parts[1], ...parts.slice(2)];
  const out: number[] = [];
  for (const sub of subs) {
    const bytes: number[] = [];
    let v = sub;
    do {
      bytes.unshift(Number(v & 0x7fn));
      v >>= 7n;
    } while (v > 0n);
    for (let i = 0; i < bytes.length - 1; i++) bytes[i] |= 0x80;
    out.push(...bytes);
  }
  return Buffer.from(out);
}

/** Decode OID content bytes of any arc size. */
export function derBytesToOid(bytes: Buffer): string {
  const subs: bigint[] = [];
  let v = 0n;
  for (const b of bytes) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      subs.push(v);
      v = 0n;
    }
  }
  if (subs.length === 0) return '';
  const first = subs[0];
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...subs.slice(1)].map(String).join('.');
}
