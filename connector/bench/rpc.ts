/**
 * A minimal request/response channel over the IPC pipe of a forked bench process: the driver calls
 * `call(type, payload)`, the child answers each request by id. Errors travel as `{ code, message }` only.
 */
import type { ChildProcess } from 'node:child_process';
import { KhError } from '../errors';

export interface RpcRequest {
  id: number;
  type: string;
  payload?: unknown;
}

export interface RpcReply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

const isReply = (m: unknown): m is RpcReply =>
  m !== null &&
  typeof m === 'object' &&
  typeof (m as RpcReply).id === 'number' &&
  typeof (m as RpcReply).ok === 'boolean';

export interface RpcClient {
  call<T>(type: string, payload?: unknown): Promise<T>;
}

/** The driver's side: calls on `child`; a child exiting rejects every pending call. */
export function rpcClient(child: ChildProcess, name: string): RpcClient {
  let next = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>();
  child.on('message', (m: unknown) => {
    if (!isReply(m)) return;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else
      p.reject(
        new KhError(m.error?.code ?? 'KH_BENCH_NODE_FAILED', `${name}: ${m.error?.message ?? 'failed'}`, {
          status: 500,
        }),
      );
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) {
      p.reject(new KhError('KH_BENCH_NODE_FAILED', `${name} exited (${String(code)})`, { status: 500 }));
    }
    pending.clear();
  });
  return {
    call: <T>(type: string, payload?: unknown): Promise<T> =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        child.send({ id, type, payload } satisfies RpcRequest);
      }),
  };
}

/** The child's side: answer each request with `handlers[type](payload)`. */
export function serveRpc(handlers: Record<string, (payload: unknown) => Promise<unknown>>): void {
  process.on('message', (m: unknown) => {
    const req = m as RpcRequest;
    if (req === null || typeof req !== 'object' || typeof req.id !== 'number') return;
    const handler = handlers[req.type];
    const reply = (r: Omit<RpcReply, 'id'>): void => {
      process.send?.({ id: req.id, ...r });
    };
    if (!handler) {
      reply({ ok: false, error: { code: 'KH_BENCH_NODE_FAILED', message: `unknown request ${req.type}` } });
      return;
    }
    handler(req.payload).then(
      (result) => reply({ ok: true, result }),
      (err: unknown) => {
        const code = err instanceof KhError ? err.code : 'KH_INTERNAL';
        reply({ ok: false, error: { code, message: err instanceof Error ? err.message : String(err) } });
      },
    );
  });
}
