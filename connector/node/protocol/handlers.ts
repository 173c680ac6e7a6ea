/** What the mutual-TLS protocol API asks of the node (implemented in the composition root). */
import type { AuthenticatedPeer } from '../http/client-certificate';

export interface ProtocolAnswer {
  status: number;
  body?: unknown;
}

export interface ProtocolHandlers {
  /** Any DSP message: `path` is the part after `/dsp` (e.g. `/negotiations/request`), `method` GET or POST. */
  dsp(peer: AuthenticatedPeer, method: 'GET' | 'POST', path: string, body: unknown): Promise<ProtocolAnswer>;
  /** `POST /data/records`: one presentation pushed by a peer. */
  receiveRecord(peer: AuthenticatedPeer, body: unknown): Promise<ProtocolAnswer>;
}
