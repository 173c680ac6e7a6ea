import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { startTestRedis, TestRedis } from '../helpers/redis';
import {
  createDeliveryQueue,
  DeadLetter,
  DeliveryJob,
  DeliveryQueue,
  DeliveryQueueOptions,
  deliveryQueueName,
  permanentFailure,
} from '../../connector/delivery';
import { KhError } from '../../connector/errors';

let server: TestRedis;
let connection: { host: string; port: number };
const open: DeliveryQueue[] = [];
let peerSeq = 0;

beforeAll(async () => {
  server = await startTestRedis();
  connection = { host: server.host, port: server.port };
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((q) => q.close()));
});

afterAll(async () => {
  await server.stop();
});

/** Poll until `cond` holds (no timing assertion: only a generous upper bound against hangs). */
async function waitFor(
  cond: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function make(send: (job: DeliveryJob) => Promise<void>, extra: Partial<DeliveryQueueOptions> = {}) {
  const peerId = `cx-${process.pid}-${++peerSeq}`;
  const q = createDeliveryQueue({
    connection,
    peerId,
    send,
    attempts: 3,
    backoffMs: 20,
    concurrency: 2,
    ...extra,
  });
  open.push(q);
  return q;
}

const job = (version = '1', agreementId = 'urn:agreement:1') => ({
  recordId: 'urn:uuid:rec-1',
  version,
  agreementId,
  presentation: 'eyJhbGciOiJSUzI1NiJ9.e30.sig~WyJzIiwiY2hlbWlzdHJ5IiwiTk1DIl0~',
  policyId: 'urn:policy:ou-to-cx',
  withheld: [{ term: 'supplier', count: 1 }],
});

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof KhError ? e.code : `not a KhError: ${String(e)}`;
  }
  return undefined;
}

describe('delivery queue on BullMQ', () => {
  it('sends once per record id + version + agreement id', async () => {
    const sent: DeliveryJob[] = [];
    const q = make(async (j) => {
      sent.push(j);
    });
    const a = await q.enqueue(job());
    const b = await q.enqueue(job());
    expect(a).toEqual({ jobId: 'urn%3Auuid%3Arec-1|1|urn%3Aagreement%3A1', added: true });
    expect(b).toEqual({ jobId: a.jobId, added: false });
    await waitFor(async () => (await q.jobState(a.jobId)) === 'completed', 'completion');
    expect((await q.enqueue(job())).added).toBe(false);
    const c = await q.enqueue(job('2'));
    const d = await q.enqueue(job('1', 'urn:agreement:2'));
    expect(c.added && d.added).toBe(true);
    await waitFor(() => sent.length === 3, 'three sends');
    expect(sent.map((j) => j.id).sort()).toEqual([a.jobId, c.jobId, d.jobId].sort());
    expect(sent[0].data).toMatchObject({ ...job(), peerId: q.peerId });
    expect(sent[0].attempt).toBe(1);
  });

  it('removes delivered jobs (keepCompleted) and still refuses a re-publish (dedup marker)', async () => {
    const sent: string[] = [];
    const q = make(async (j) => void sent.push(j.id), { keepCompleted: { count: 0 } });
    const { jobId } = await q.enqueue(job());
    await waitFor(() => sent.length === 1, 'delivery');
    const inspect = new Queue(q.queueName, { connection, prefix: 'kh-bull' });
    try {
      await waitFor(async () => (await inspect.getJob(jobId)) === undefined, 'removal of the completed job');
    } finally {
      await inspect.close();
    }
    expect(await q.jobState(jobId)).toBe('completed');
    expect(await q.enqueue(job())).toEqual({ jobId, added: false });
    const other = await q.enqueue(job('2'));
    expect(other.added).toBe(true);
    await waitFor(() => sent.length === 2, 'second record');
    expect(sent).toEqual([jobId, other.jobId]);
  });

  it('keeps the dedup marker small and separate, with an optional TTL; a marker without a job is re-added', async () => {
    const redis = new Redis({ ...connection, maxRetriesPerRequest: 3 });
    try {
      const sent: string[] = [];
      const q = make(async (j) => void sent.push(j.id), { dedupTtlSeconds: 3600 });
      const { jobId } = await q.enqueue(job());
      await waitFor(() => sent.length === 1, 'delivery');
      const key = `kh-bull:${q.queueName}:dedup:${jobId}`;
      await waitFor(async () => (await redis.get(key)) === 'delivered', 'delivered marker');
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3600);
      // A crash between the marker and the add leaves a pending marker and no job: the next enqueue adds it.
      const orphan = job('orphan');
      const orphanId = `urn%3Auuid%3Arec-1|orphan|urn%3Aagreement%3A1`;
      await redis.set(`kh-bull:${q.queueName}:dedup:${orphanId}`, 'pending');
      expect(await q.enqueue(orphan)).toEqual({ jobId: orphanId, added: true });
      await waitFor(() => sent.length === 2, 'orphan delivery');
      expect(sent[1]).toBe(orphanId);
    } finally {
      await redis.quit();
    }
  });

  it('retries a transient failure, then succeeds', async () => {
    const attempts: number[] = [];
    const delivered: string[] = [];
    const q = make(
      async (j) => {
        attempts.push(j.attempt);
        if (j.attempt < 3) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
      { hooks: { onDelivered: (j) => void delivered.push(j.id) } },
    );
    const { jobId } = await q.enqueue(job());
    await waitFor(() => delivered.length === 1, 'delivery');
    expect(attempts).toEqual([1, 2, 3]);
    expect(await q.jobState(jobId)).toBe('completed');
    expect(await q.listDeadLetters()).toEqual([]);
  });

  it('dead-letters after the last retry, and an operator retry delivers it', async () => {
    let peerUp = false;
    const calls: number[] = [];
    const dead: DeadLetter[] = [];
    const q = make(
      async (j) => {
        calls.push(j.attempt);
        if (!peerUp) throw { response: { status: 503, data: 'supplier: ACME Cells KK' } };
      },
      { hooks: { onDeadLetter: (e) => void dead.push(e) } },
    );
    const { jobId } = await q.enqueue(job());
    await waitFor(async () => (await q.listDeadLetters()).length === 1, 'dead letter');
    const [entry] = await q.listDeadLetters();
    expect(entry).toMatchObject({
      id: jobId,
      peerId: q.peerId,
      permanent: false,
      attemptsMade: 3,
      reason: { code: 'KH_DELIVERY_PEER_UNAVAILABLE', message: 'the peer answered HTTP 503' },
    });
    expect(entry.data.presentation).toBe(job().presentation);
    expect(JSON.stringify(entry)).not.toContain('ACME');
    expect(calls).toEqual([1, 2, 3]);
    await waitFor(async () => (await q.jobState(jobId)) === 'failed', 'failed state');
    expect(dead).toHaveLength(1);
    expect((await q.enqueue(job())).added).toBe(false); // a re-publish does not bypass the DLQ

    peerUp = true;
    await q.retryDeadLetter(jobId);
    await waitFor(async () => (await q.jobState(jobId)) === 'completed', 'completion after retry');
    expect(calls).toEqual([1, 2, 3, 1]);
    expect(await q.listDeadLetters()).toEqual([]);
    expect(await codeOf(q.retryDeadLetter(jobId))).toBe('KH_DELIVERY_DEAD_LETTER_NOT_FOUND');
  });

  it('a permanent failure goes to the dead-letter queue without retrying', async () => {
    let calls = 0;
    const q = make(async () => {
      calls += 1;
      throw permanentFailure('KH_DELIVERY_PEER_REFUSED', 'the peer refused the record (HTTP 403)', 403);
    });
    const { jobId } = await q.enqueue(job());
    await waitFor(async () => (await q.jobState(jobId)) === 'failed', 'failure');
    const [entry] = await q.listDeadLetters();
    expect(entry).toMatchObject({
      id: jobId,
      permanent: true,
      attemptsMade: 1,
      reason: { code: 'KH_DELIVERY_PEER_REFUSED' },
    });
    expect(calls).toBe(1);
  });

  it('an HTTP 4xx refusal is permanent, 429 is retried', async () => {
    const seen: number[] = [];
    const q = make(async (j) => {
      seen.push(j.attempt);
      throw { response: { status: j.data.version === 'a' ? 400 : 429 } };
    });
    const a = await q.enqueue(job('a'));
    const b = await q.enqueue(job('b'));
    await waitFor(async () => (await q.listDeadLetters()).length === 2, 'two dead letters');
    const byId = new Map((await q.listDeadLetters()).map((e) => [e.id, e]));
    expect(byId.get(a.jobId)).toMatchObject({
      permanent: true,
      attemptsMade: 1,
      reason: { code: 'KH_DELIVERY_PEER_REFUSED' },
    });
    expect(byId.get(b.jobId)).toMatchObject({ permanent: false, attemptsMade: 3 });
  });

  it('recovers a job whose worker died (stalled-job check)', async () => {
    const sent: DeliveryJob[] = [];
    // Enqueue only: no worker yet.
    const producer = make(async () => undefined, { startWorker: false });
    const { jobId } = await producer.enqueue(job());
    // A worker takes the job and dies without completing it or renewing its lock.
    const dying = new Worker(producer.queueName, null, {
      connection,
      prefix: 'kh-bull',
      lockDuration: 500,
      autorun: false,
    });
    const taken = await dying.getNextJob('dying-worker-token');
    expect(taken?.id).toBe(jobId);
    await dying.close(true);
    expect(await producer.jobState(jobId)).toBe('active');
    // A fresh node process starts: its stalled check moves the job back and delivers it.
    const recovering = createDeliveryQueue({
      connection,
      peerId: producer.peerId,
      send: async (j) => void sent.push(j),
      stalledInterval: 200,
      lockDuration: 500,
      maxStalledCount: 1,
    });
    open.push(recovering);
    await waitFor(async () => (await recovering.jobState(jobId)) === 'completed', 'recovery');
    expect(sent.map((j) => j.id)).toEqual([jobId]);
  });

  it('a job stalling more often than maxStalledCount is dead-lettered as KH_DELIVERY_STALLED', async () => {
    const producer = make(async () => undefined, { startWorker: false });
    const { jobId } = await producer.enqueue(job());
    const dying = new Worker(producer.queueName, null, {
      connection,
      prefix: 'kh-bull',
      lockDuration: 500,
      autorun: false,
    });
    expect((await dying.getNextJob('dying-worker-token'))?.id).toBe(jobId);
    await dying.close(true);
    const sent: string[] = [];
    const recovering = createDeliveryQueue({
      connection,
      peerId: producer.peerId,
      send: async (j) => void sent.push(j.id),
      stalledInterval: 200,
      lockDuration: 500,
      maxStalledCount: 0,
    });
    open.push(recovering);
    await waitFor(async () => (await recovering.listDeadLetters()).length === 1, 'stalled dead letter');
    const [entry] = await recovering.listDeadLetters();
    expect(entry).toMatchObject({ id: jobId, permanent: false, reason: { code: 'KH_DELIVERY_STALLED' } });
    expect(entry.data.presentation).toBe(job().presentation);
    expect(sent).toEqual([]);
    await recovering.retryDeadLetter(jobId);
    await waitFor(() => sent.length === 1, 'delivery after retry');
  });

  it('close() waits for the active job to finish', async () => {
    let started = false;
    let finished = false;
    const q = make(async () => {
      started = true;
      await new Promise((r) => setTimeout(r, 400));
      finished = true;
    });
    const { jobId } = await q.enqueue(job());
    await waitFor(() => started, 'start');
    await q.close();
    expect(finished).toBe(true);
    const inspect = new Queue(q.queueName, { connection, prefix: 'kh-bull' });
    try {
      expect(await inspect.getJobState(jobId)).toBe('completed');
    } finally {
      await inspect.close();
    }
    expect(await codeOf(q.enqueue(job('2')))).toBe('KH_DELIVERY_UNAVAILABLE');
    await q.close(); // idempotent
  });

  it('refuses a job without a presentation', async () => {
    const q = make(async () => undefined, { startWorker: false });
    expect(await codeOf(q.enqueue({ ...job(), presentation: '' }))).toBe('KH_DELIVERY_INVALID_JOB');
    expect(await codeOf(q.enqueue({ ...job(), recordId: '' }))).toBe('KH_DELIVERY_INVALID_JOB');
  });

  it('queue names follow the peer', () => {
    expect(deliveryQueueName('cx-node')).toBe('deliver-cx-node');
  });
});
