/**
 * One BullMQ queue per peer on Redis: idempotent jobs (id = record id + version + agreement id, held by a
 * small dedup marker per id that survives the removal of delivered jobs), retries
 * with exponential backoff, a dead-letter store for permanent failures and exhausted retries, stalled-job
 * recovery after a crash (BullMQ's stalled checks), and a graceful close that drains active jobs.
 */
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import Redis from 'ioredis';
import { KhError } from '../errors';
import { RedisDeadLetterStore } from './dead-letters';
import { failureReason, FailureReason, isPermanentFailure } from './failure';
import { deliveryJobId, deliveryQueueName } from './job-id';
import type {
  DeadLetter,
  DeliveryHooks,
  DeliveryJob,
  DeliveryJobData,
  DeliveryJobInput,
  DeliveryJobState,
  DeliveryQueue,
  DeliverySender,
} from './types';

export interface DeliveryConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
}

export interface DeliveryQueueOptions {
  connection: DeliveryConnection;
  peerId: string;
  send: DeliverySender;
  /** Attempts per job, the first included (default 5). */
  attempts?: number;
  /** Base delay of the exponential backoff in ms: attempt n waits backoffMs · 2^(n-1) (default 1000). */
  backoffMs?: number;
  /** Jobs sent in parallel by this process (default 4). */
  concurrency?: number;
  /** BullMQ key prefix (default `kh-bull`); nodes sharing a Redis use different prefixes. */
  prefix?: string;
  /** Lock held on an active job, renewed while it runs (default 30 000 ms). */
  lockDuration?: number;
  /** How often the stalled-job check runs (default 30 000 ms). */
  stalledInterval?: number;
  /** How many times a job may stall (its worker died) before it fails (default 1). */
  maxStalledCount?: number;
  /** Start a worker (default true); false gives an enqueue-only handle. */
  startWorker?: boolean;
  /**
   * How many delivered jobs BullMQ keeps, and for how long (seconds): completed jobs beyond either bound are
   * removed with their presentation (default `{ age: 3600, count: 200 }`). Idempotency does not depend on
   * them: it is the dedup marker's (see `dedupTtlSeconds`). Failed jobs are always kept (dead letters).
   */
  keepCompleted?: { age?: number; count?: number };
  /**
   * Lifetime of the idempotency marker of a job id (`<prefix>:<queue>:dedup:<job id>`, a few bytes), in
   * seconds; default: kept forever, so a re-publish of a delivered record is never sent twice.
   */
  dedupTtlSeconds?: number;
  hooks?: DeliveryHooks;
}

const JOB_NAME = 'deliver';
/** Marker values: the job was added (may still be in flight) / it was delivered. */
const PENDING = 'pending';
const DELIVERED = 'delivered';
const DEFAULT_KEEP_COMPLETED = { age: 3600, count: 200 };

function validate(input: DeliveryJobInput): void {
  if (typeof input.presentation !== 'string' || input.presentation === '') {
    throw new KhError(
      'KH_DELIVERY_INVALID_JOB',
      'presentation must be the policy-filtered SD-JWT presentation',
      {
        where: 'presentation',
        status: 400,
      },
    );
  }
}

async function safely(fn: (() => void | Promise<void>) | undefined): Promise<void> {
  if (!fn) return;
  try {
    await fn();
  } catch {
    // A hook (audit, metrics) must never change the outcome of a delivery.
  }
}

function toDeliveryJob(job: Job<DeliveryJobData>, attempt: number): DeliveryJob {
  return { id: String(job.id), data: job.data, attempt };
}

export function createDeliveryQueue(options: DeliveryQueueOptions): DeliveryQueue {
  const attempts = Math.max(1, Math.floor(options.attempts ?? 5));
  const backoffMs = Math.max(0, Math.floor(options.backoffMs ?? 1000));
  const prefix = options.prefix ?? 'kh-bull';
  const queueName = deliveryQueueName(options.peerId);
  const connection = { ...options.connection };
  const hooks = options.hooks ?? {};

  const queue = new Queue<DeliveryJobData>(queueName, { connection, prefix });
  const dlqRedis = new Redis({ ...connection, maxRetriesPerRequest: 3 });
  const deadLetters = new RedisDeadLetterStore(dlqRedis, `${prefix}:${queueName}:dead-letters`);
  const dedupKey = (jobId: string) => `${prefix}:${queueName}:dedup:${jobId}`;
  const dedupTtl =
    options.dedupTtlSeconds === undefined ? undefined : Math.max(1, Math.floor(options.dedupTtlSeconds));
  const keepCompleted = {
    age: Math.max(0, Math.floor(options.keepCompleted?.age ?? DEFAULT_KEEP_COMPLETED.age)),
    count: Math.max(0, Math.floor(options.keepCompleted?.count ?? DEFAULT_KEEP_COMPLETED.count)),
  };
  /** SET the marker if absent; true when this call created it. */
  const claimMarker = async (jobId: string): Promise<boolean> => {
    const set =
      dedupTtl === undefined
        ? await dlqRedis.set(dedupKey(jobId), PENDING, 'NX')
        : await dlqRedis.set(dedupKey(jobId), PENDING, 'EX', dedupTtl, 'NX');
    return set === 'OK';
  };
  /**
   * Record delivery on the marker (before BullMQ may remove the completed job), keeping its TTL, and drop a
   * dead-letter entry of an earlier failure of the job: both in one MULTI (one round trip, all or nothing).
   */
  const markDelivered = async (jobId: string): Promise<void> => {
    const tx = dlqRedis.multi();
    if (dedupTtl === undefined) tx.set(dedupKey(jobId), DELIVERED);
    else tx.set(dedupKey(jobId), DELIVERED, 'EX', dedupTtl);
    tx.hdel(deadLetters.key, jobId);
    const replies = await tx.exec();
    const failed = replies?.find(([err]) => err);
    if (!replies || failed) throw failed?.[0] ?? new Error('the delivered marker transaction was aborted');
  };
  let closed = false;
  let closing: Promise<void> | undefined;

  const deadLetter = async (
    job: DeliveryJob,
    reason: FailureReason,
    permanent: boolean,
    attemptsMade: number,
  ) => {
    const entry: DeadLetter = {
      id: job.id,
      peerId: options.peerId,
      data: job.data,
      reason,
      permanent,
      attemptsMade,
      deadAt: new Date().toISOString(),
    };
    await deadLetters.put(entry);
    await safely(() => hooks.onDeadLetter?.(entry));
  };

  const processor = async (job: Job<DeliveryJobData>): Promise<void> => {
    const attempt = job.attemptsMade + 1;
    const dj = toDeliveryJob(job, attempt);
    const started = Date.now();
    try {
      await options.send(dj);
    } catch (err) {
      const durationMs = Date.now() - started;
      const reason = failureReason(err);
      const permanent = isPermanentFailure(err);
      const willRetry = !permanent && attempt < attempts;
      await safely(() => hooks.onAttemptFailed?.(dj, reason, { willRetry, durationMs }));
      // The dead-letter entry is written before BullMQ records the failure: a crash in between leaves
      // an entry for a job that may still be retried, never a failed job without an entry.
      if (!willRetry) await deadLetter(dj, reason, permanent, attempt);
      const message = `${reason.code}: ${reason.message}`;
      throw permanent ? new UnrecoverableError(message) : new Error(message);
    }
    await markDelivered(dj.id);
    await safely(() => hooks.onDelivered?.(dj, { durationMs: Date.now() - started }));
  };

  const worker =
    options.startWorker === false
      ? undefined
      : new Worker<DeliveryJobData>(queueName, processor, {
          connection,
          prefix,
          concurrency: Math.max(1, Math.floor(options.concurrency ?? 4)),
          lockDuration: options.lockDuration ?? 30000,
          stalledInterval: options.stalledInterval ?? 30000,
          maxStalledCount: options.maxStalledCount ?? 1,
        });

  // Jobs failed outside the processor (stalled too often) get their dead-letter entry here.
  worker?.on('failed', (job: Job<DeliveryJobData> | undefined, err: Error) => {
    if (!job || job.id === undefined) return;
    void (async () => {
      if ((await job.getState()) !== 'failed') return;
      const stalled = /stalled/i.test(err.message);
      const entry: DeadLetter = {
        id: String(job.id),
        peerId: options.peerId,
        data: job.data,
        reason: stalled
          ? { code: 'KH_DELIVERY_STALLED', message: 'the job stalled more often than maxStalledCount allows' }
          : { code: 'KH_DELIVERY_SEND_FAILED', message: 'the job failed outside the sender' },
        permanent: false,
        attemptsMade: job.attemptsMade,
        deadAt: new Date().toISOString(),
      };
      if (await deadLetters.putIfAbsent(entry)) await safely(() => hooks.onDeadLetter?.(entry));
    })().catch(() => undefined);
  });
  // Connection errors are retried by ioredis/BullMQ; listening keeps them from being unhandled.
  worker?.on('error', () => undefined);
  queue.on('error', () => undefined);
  dlqRedis.on('error', () => undefined);

  const ensureOpen = () => {
    if (closed) throw new KhError('KH_DELIVERY_UNAVAILABLE', 'the delivery queue is closed', { status: 503 });
  };

  const redisCall = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (cause) {
      if (cause instanceof KhError) throw cause;
      throw new KhError('KH_DELIVERY_UNAVAILABLE', `Redis failed during ${what}`, { status: 503, cause });
    }
  };

  const addJob = (id: string, data: DeliveryJobData) =>
    queue.add(JOB_NAME, data, {
      jobId: id,
      attempts,
      backoff: { type: 'exponential', delay: backoffMs },
      // Delivered jobs are removed within bounds (idempotency is the dedup marker's); failed jobs are
      // kept for the dead-letter retry.
      removeOnComplete: keepCompleted,
      removeOnFail: false,
    });

  return {
    peerId: options.peerId,
    queueName,

    async enqueue(input) {
      ensureOpen();
      validate(input);
      const jobId = deliveryJobId(input);
      const data: DeliveryJobData = {
        ...input,
        peerId: options.peerId,
        enqueuedAt: input.enqueuedAt ?? new Date().toISOString(),
      };
      return redisCall('enqueue', async () => {
        // The marker (SET NX) outlives the job: a delivered job may be removed, its id is still taken.
        if (!(await claimMarker(jobId))) {
          // Taken. A `pending` marker without a job is an add that never happened (a crash between the
          // two writes): add it now. BullMQ ignores an add whose id exists (atomically).
          if ((await dlqRedis.get(dedupKey(jobId))) !== PENDING || (await queue.getJob(jobId))) {
            return { jobId, added: false };
          }
        }
        try {
          await addJob(jobId, data);
        } catch (cause) {
          await dlqRedis.del(dedupKey(jobId)).catch(() => undefined);
          throw cause;
        }
        return { jobId, added: true };
      });
    },

    async jobState(jobId) {
      ensureOpen();
      const state = await redisCall('job state', () => queue.getJobState(jobId));
      if (state === 'unknown') {
        // A delivered job BullMQ has removed (keepCompleted) is still known by its marker.
        const marker = await redisCall('job state', () => dlqRedis.get(dedupKey(jobId)));
        return marker === DELIVERED ? 'completed' : 'unknown';
      }
      const known: DeliveryJobState[] = ['waiting', 'delayed', 'active', 'completed', 'failed'];
      if (state === 'prioritized' || state === 'waiting-children') return 'waiting';
      return (known as string[]).includes(state) ? (state as DeliveryJobState) : 'unknown';
    },

    async listDeadLetters() {
      ensureOpen();
      return redisCall('list dead letters', () => deadLetters.list());
    },

    async retryDeadLetter(id) {
      ensureOpen();
      const raw = await redisCall('read dead letter', () => deadLetters.getRaw(id));
      if (raw === null) {
        throw new KhError('KH_DELIVERY_DEAD_LETTER_NOT_FOUND', 'no dead-letter entry with this id', {
          where: 'id',
          status: 404,
        });
      }
      const entry = JSON.parse(raw) as DeadLetter;
      await redisCall('retry dead letter', async () => {
        const job = await queue.getJob(id);
        if (!job) await addJob(id, entry.data);
        else if ((await job.getState()) === 'failed') {
          await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        }
        await deadLetters.removeIfUnchanged(id, raw);
      });
    },

    close() {
      closing ??= (async () => {
        closed = true;
        // Worker.close() without force waits for the active jobs to finish.
        if (worker) await worker.close();
        await queue.close();
        await dlqRedis.quit().catch(() => dlqRedis.disconnect());
      })();
      return closing;
    },
  };
}
