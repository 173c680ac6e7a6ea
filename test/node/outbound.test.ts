import { generateKeyPairSync } from 'node:crypto';
import { runOutbound, type OutboundDeps, type StartedTransfer } from '../../connector/node/pipeline/outbound';
import type { DeliveryJob } from '../../connector/node/pipeline/types';
import { fakeDeliveryPort } from './fake-delivery-port';
import { KhError } from '../../connector/errors';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });

function deps(over: Partial<OutboundDeps> = {}) {
  const queued: DeliveryJob[] = [];
  const audited: { action: string; outcome: string; errorCode?: string }[] = [];
  const transfer: StartedTransfer = {
    peer: { id: 'cx-node-1', platform: 'catena-x', baseUrl: 'https://cx', certificateSubject: 'cx-node-1' },
    agreementId: 'agr-1',
    providerPid: 'p-1',
    consumerPid: 'c-1',
    endpoint: 'https://cx/data/records',
  };
  const d: OutboundDeps = {
    platform: 'ouranos',
    nodeId: 'ou-node-1',
    fetchNative: async () => ({ native: true }),
    validateNative: () => undefined,
    toCanonical: () => ({
      issuer: 'urn:kakehashi:participant:ouranos:op-1',
      credentialSubject: {
        id: 'urn:uuid:x',
        provenance: { sourcePlatform: 'ouranos', recordId: 'r1', recordVersion: '1' },
      },
    }),
    receivedFrom: async () => undefined,
    storeOwn: async () => undefined,
    companyKey: () => ({ privateKey, x5c: [] }),
    issue: () => 'jwt~d1~d2~',
    startedTransfers: async () => [transfer],
    certifications: async () => ({ passed: ['cert-1'], outcomes: { passed: 1 } }),
    disclose: (token) => ({
      presentation: `${typeof token === 'string' ? token : token.jwt}filtered`,
      policyId: 'pol-1',
      withheld: [{ name: 'kh:supplierName', reason: 'supplier-identity', count: 2 }],
      certificationsAllowed: true,
    }),
    queue: fakeDeliveryPort(queued),
    audit: async (e) => void audited.push(e),
    onRefused: () => undefined,
    ...over,
  };
  return { d, queued, audited };
}

const change = { recordId: 'r1', version: '1', publisher: 'op-1' };

describe('outbound pipeline', () => {
  it('queues the filtered presentation (no key binding: delivery binds) once per record version and agreement', async () => {
    const { d, queued, audited } = deps();
    const out = await runOutbound(d, change);
    expect(out).toEqual([
      {
        peerId: 'cx-node-1',
        recordId: 'r1',
        version: '1',
        outcome: 'queued',
        withheld: [{ name: 'kh:supplierName', reason: 'supplier-identity', count: 2 }],
        certifications: { passed: 1 },
      },
    ]);
    expect(queued[0]).toMatchObject({
      jobId: 'r1:1:agr-1',
      presentation: 'jwt~d1~d2~filtered',
      certifications: ['cert-1'],
      policyId: 'pol-1',
    });
    // No sequence number is drawn for the queue: each delivery attempt takes its own.
    expect(queued[0]).not.toHaveProperty('sequence');
    expect((await runOutbound(d, change))[0].outcome).toBe('duplicate');
    expect(queued).toHaveLength(1);
    expect(audited.map((a) => a.action)).toEqual(['sign', 'disclose', 'sign', 'disclose']);
  });

  it('withholds certifications when the policy does not pass them', async () => {
    const { d, queued } = deps({
      disclose: () => ({ presentation: 'p', policyId: 'pol', withheld: [], certificationsAllowed: false }),
    });
    await runOutbound(d, change);
    expect(queued[0].certifications).toEqual([]);
  });

  it('reports no-transfer when no push transfer has started', async () => {
    const { d, queued } = deps({ startedTransfers: async () => [] });
    expect((await runOutbound(d, change))[0].outcome).toBe('no-transfer');
    expect(queued).toHaveLength(0);
  });

  it('refuses onward transfer of a record received from a peer, or of another platform origin', async () => {
    const fromPeer = deps({ receivedFrom: async () => 'cx-node-1' });
    await expect(runOutbound(fromPeer.d, change)).rejects.toMatchObject({
      code: 'KH_DSP_ONWARD_TRANSFER_FORBIDDEN',
    });
    const foreign = deps({
      toCanonical: () => ({ credentialSubject: { provenance: { sourcePlatform: 'catena-x' } } }),
    });
    await expect(runOutbound(foreign.d, change)).rejects.toMatchObject({
      code: 'KH_DSP_ONWARD_TRANSFER_FORBIDDEN',
    });
    expect(foreign.queued).toHaveLength(0);
    expect(foreign.audited).toEqual([
      expect.objectContaining({ outcome: 'refused', errorCode: 'KH_DSP_ONWARD_TRANSFER_FORBIDDEN' }),
    ]);
  });

  it('refuses an invalid native record, and reports a per-peer refusal of the disclosure step', async () => {
    const invalid = deps({
      validateNative: () => {
        throw new KhError('KH_SCHEMA_INVALID', 'bad');
      },
    });
    await expect(runOutbound(invalid.d, change)).rejects.toMatchObject({ code: 'KH_SCHEMA_INVALID' });
    const leak = deps({
      disclose: () => {
        throw new KhError('KH_POLICY_LEAK_GUARD', 'leak');
      },
    });
    expect((await runOutbound(leak.d, change))[0]).toMatchObject({
      outcome: 'refused',
      code: 'KH_POLICY_LEAK_GUARD',
    });
    expect(leak.queued).toHaveLength(0);
  });

  it('never reports a record as refused when the queue or Redis did not answer: the change is taken up again', async () => {
    for (const code of ['KH_DELIVERY_UNAVAILABLE', 'KH_STORE_UNAVAILABLE']) {
      const down = deps({
        queue: {
          ...deps().d.queue,
          add: async () => {
            throw new KhError(code, 'not now', { status: 503 });
          },
        },
      });
      await expect(runOutbound(down.d, change)).rejects.toMatchObject({ code });
      expect(down.audited.filter((a) => a.outcome === 'refused')).toEqual([]);
      expect(down.audited).toContainEqual(expect.objectContaining({ outcome: 'failed', errorCode: code }));
    }
  });
});
