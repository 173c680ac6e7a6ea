import axios from 'axios';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestRedis, TestRedis } from '../helpers/redis';
import { validateDspMessageAuto } from '../../connector/dsp';
import type { Federation } from '../../connector/node/demo/federation';
import type { DspExchangeEvent } from '../../connector/node/protocol/dsp-service';
import { identifyOuranosRecord } from '../../adapters/ouranos/simulator';
import { ADAPTERS, federation, publish, seeds, waitUntil } from './world';

jest.setTimeout(120000);

describe('two nodes over mutual TLS: negotiation, delivery, idempotency, onward transfer', () => {
  let redis: TestRedis;
  let fed: Federation;
  const exchanged: DspExchangeEvent[] = [];
  const cx = seeds('catena-x');
  const ou = seeds('ouranos');

  beforeAll(async () => {
    redis = await startTestRedis();
    fed = await federation(redis.url, {
      overrides: {
        ouranos: { onDspExchange: (e) => exchanged.push(e) },
        'catena-x': { onDspExchange: (e) => exchanged.push(e) },
      },
    });
    await fed.negotiateBoth();
  });
  afterAll(async () => {
    await fed?.stop();
    await redis?.stop();
  });

  it('negotiates finalized agreements and starts push transfers both ways; every DSP message exchanged is schema-valid', async () => {
    for (const p of ['ouranos', 'catena-x'] as const) {
      const transfers = (await fed.sides[p].node.handlers.listTransfers()) as {
        role: string;
        state: string;
      }[];
      expect(
        transfers
          .filter((t) => t.state === 'STARTED')
          .map((t) => t.role)
          .sort(),
      ).toEqual(['consumer', 'provider']);
      const agreements = (await fed.sides[p].node.handlers.listAgreements()) as { finalized: boolean }[];
      expect(agreements.filter((a) => a.finalized)).toHaveLength(2);
    }
    const types = new Set(exchanged.map((e) => e.type));
    for (const t of [
      'CatalogRequestMessage',
      'Catalog',
      'ContractRequestMessage',
      'ContractNegotiation',
      'ContractAgreementMessage',
      'ContractAgreementVerificationMessage',
      'ContractNegotiationEventMessage',
      'TransferRequestMessage',
      'TransferProcess',
      'TransferStartMessage',
    ]) {
      expect(types).toContain(t);
    }
    expect(exchanged.length).toBeGreaterThanOrEqual(20);
    for (const e of exchanged) expect(() => validateDspMessageAuto(e.message)).not.toThrow();
  });

  it('carries a CX passport to OU: verified, native OU on arrival, supplier identities withheld', async () => {
    expect((await publish(fed, cx[0])).status).toBe(201);
    await waitUntil('the passport at OU', () => fed.sides.ouranos.simulator.list('received').length === 1);
    const got = fed.sides.ouranos.simulator.list('received')[0];
    expect(got.verification).toMatchObject({ verified: true, from: 'cx-node-1' });
    expect(() => ADAPTERS.ouranos.validateNative(got.record)).not.toThrow();
    const sent = JSON.stringify(got.record);
    const supply = (
      cx[0].record.supplyChain as { childItems: { businessPartner: string; businessPartnerName?: string }[] }
    ).childItems;
    expect(supply.length).toBeGreaterThan(0);
    for (const item of supply) {
      expect(sent).not.toContain(item.businessPartner);
      if (item.businessPartnerName) expect(sent).not.toContain(item.businessPartnerName);
    }
    const outcome = fed.sides['catena-x'].node.outcomes().find((o) => o.recordId === cx[0].recordId);
    expect(outcome?.withheld?.map((w) => w.reason)).toEqual(
      expect.arrayContaining(['supplier-identity', 'procurement-volume']),
    );
    const ouAudit = async () =>
      (await fed.sides.ouranos.node.handlers.audit(1000)) as {
        action: string;
        outcome: string;
        recordId?: string;
      }[];
    await waitUntil('the receive audit entry', async () =>
      (await ouAudit()).some(
        (a) => a.action === 'receive' && a.outcome === 'ok' && a.recordId === cx[0].recordId,
      ),
    );
    const audit = (await fed.sides.ouranos.node.handlers.audit(1000)) as {
      action: string;
      outcome: string;
      recordId?: string;
    }[];
    expect(
      audit.some((a) => a.action === 'receive' && a.outcome === 'ok' && a.recordId === cx[0].recordId),
    ).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(supply[0].businessPartner);
  });

  it('carries an OU record to CX', async () => {
    expect((await publish(fed, ou[0])).status).toBe(201);
    const ouNode = fed.sides.ouranos.node;
    await waitUntil(
      'the OU record at CX, or its dead letter',
      async () =>
        fed.sides['catena-x'].simulator.list('received').length === 1 ||
        (await ouNode.handlers.listDeadLetters()).length > 0,
    );
    // a refusal by the CX node names its reason here (e.g. the CX mapping of the OU record)
    expect(await ouNode.handlers.listDeadLetters()).toEqual([]);
    const got = fed.sides['catena-x'].simulator.list('received')[0];
    expect(got.verification).toMatchObject({ verified: true, from: 'ou-node-1' });
    expect(() => ADAPTERS['catena-x'].validateNative(got.record)).not.toThrow();
  });

  it('is idempotent: a re-published version is not sent or stored again', async () => {
    const again = await publish(fed, cx[0]);
    expect(again.status).toBe(200);
    expect(again.data.created).toBe(false);
    const side = fed.sides['catena-x'];
    const res = await axios.post(
      `${side.node.managementUrl}/api/v1/publish`,
      { recordId: cx[0].recordId, version: cx[0].version },
      {
        headers: { authorization: `Bearer ${side.config.management.token}` },
        validateStatus: () => true,
        proxy: false,
      },
    );
    expect(res.status).toBe(202);
    expect(res.data.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(['duplicate']);
    await new Promise((r) => setTimeout(r, 500));
    expect(
      fed.sides.ouranos.simulator.list('received').filter((r) => r.verification?.from === 'cx-node-1'),
    ).toHaveLength(1);
    const rec = (await fed.sides.ouranos.node.handlers.listRecords('received')) as { versions: string[] }[];
    expect(rec.flatMap((r) => r.versions)).toHaveLength(1);
  });

  it('refuses onward transfer of a received record, by the management API and when re-published on the platform', async () => {
    const received = fed.sides.ouranos.simulator.list('received')[0];
    const ouSide = fed.sides.ouranos;
    const res = await axios.post(
      `${ouSide.node.managementUrl}/api/v1/publish`,
      { recordId: received.recordId },
      {
        headers: { authorization: `Bearer ${ouSide.config.management.token}` },
        validateStatus: () => true,
        proxy: false,
      },
    );
    expect(res.status).toBe(403);
    expect(res.data.code).toBe('KH_DSP_ONWARD_TRANSFER_FORBIDDEN');
    const company = identifyOuranosRecord(received.record).publisher as string;
    expect((await publish(fed, { platform: 'ouranos', company, record: received.record })).status).toBe(201);
    await waitUntil('the refusal', () =>
      ouSide.node
        .outcomes()
        .some((o) => o.recordId === received.recordId && o.code === 'KH_DSP_ONWARD_TRANSFER_FORBIDDEN'),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(
      fed.sides['catena-x'].simulator.list('received').some((r) => r.recordId === received.recordId),
    ).toBe(false);
  });

  it('works through the operator CLI: publish a directory, list received records, transfers and dead letters', async () => {
    const cli = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          [path.resolve(__dirname, '../../connector/cli/kakehashi.js'), ...args],
          { timeout: 60000 },
          (err, stdout, stderr) => {
            resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
          },
        );
      });
    const company = cx[2].company;
    const mine = cx.filter((c) => c.company === company).slice(0, 2);
    const dir = mkdtempSync(path.join(tmpdir(), 'kh-cli-pub-'));
    mine.forEach((c, i) => writeFileSync(path.join(dir, `r${i}.json`), JSON.stringify(c.record)));
    const cxSide = fed.sides['catena-x'];
    const pub = await cli([
      'publish',
      '--platform',
      'catena-x',
      '--company',
      company,
      '--url',
      cxSide.simulatorUrl,
      '--token',
      cxSide.companyKeys.get(company) as string,
      '--json',
      dir,
    ]);
    expect(pub.code).toBe(0);
    const published = JSON.parse(pub.stdout) as { recordId: string }[];
    expect(published.map((p) => p.recordId).sort()).toEqual(mine.map((m) => m.recordId).sort());
    await waitUntil('the CLI-published records at OU', () =>
      mine.every((m) =>
        fed.sides.ouranos.simulator
          .list('received')
          .some((r) => r.verification?.verified && r.recordId === m.recordId.replace(/^urn:uuid:/, '')),
      ),
    );
    const ouSide = fed.sides.ouranos;
    const list = await cli([
      'records',
      'list',
      '--platform',
      'ouranos',
      '--direction',
      'received',
      '--url',
      ouSide.simulatorUrl,
      '--token',
      ouSide.operatorApiKey,
      '--json',
    ]);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as unknown[]).length).toBeGreaterThanOrEqual(3);
    const node = ['--url', ouSide.node.managementUrl, '--token', ouSide.config.management.token];
    const transfers = await cli(['transfers', ...node, '--json']);
    expect((JSON.parse(transfers.stdout) as { state: string }[]).map((t) => t.state)).toEqual([
      'STARTED',
      'STARTED',
    ]);
    const dlq = await cli(['dlq', 'list', ...node, '--json']);
    expect(JSON.parse(dlq.stdout)).toEqual(
      JSON.parse(JSON.stringify(await ouSide.node.handlers.listDeadLetters())),
    );
    const missing = await cli(['dlq', 'retry', 'nope', ...node]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^KH_DELIVERY_DEAD_LETTER_NOT_FOUND/m);
  });
});
