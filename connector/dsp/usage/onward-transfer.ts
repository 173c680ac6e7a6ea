/**
 * The usage policy's "no onward transfer" rule (ODRL prohibition of `odrl:distribute`), as a pure check the
 * node calls before offering or sending any record.
 *
 * Only records published on the node's own platform are offered and sent. A record received from a peer
 * is stored for its platform and never leaves the node again: not to a third node, and not back to the
 * peer it came from.
 */
import { KhError } from '../../errors';

/** Where a stored record came from. */
export type RecordProvenance = { origin: 'own' } | { origin: 'peer'; peerId: string };

/** True when the record may be offered and sent to peers at all. */
export function mayLeaveNode(provenance: RecordProvenance): boolean {
  return provenance.origin === 'own';
}

/**
 * Throws `KH_DSP_ONWARD_TRANSFER_FORBIDDEN` (403) unless the record is the node's own.
 * `details` name the origin peer and the target peer (node ids, never record content).
 */
export function assertNotOnwardTransfer(provenance: RecordProvenance, targetPeerId: string): void {
  if (mayLeaveNode(provenance)) return;
  const back = provenance.origin === 'peer' && provenance.peerId === targetPeerId;
  throw new KhError(
    'KH_DSP_ONWARD_TRANSFER_FORBIDDEN',
    back
      ? 'a record received from a peer is never sent back out'
      : 'a record received from a peer may not be sent on to another node',
    {
      status: 403,
      details: {
        originPeerId: provenance.origin === 'peer' ? provenance.peerId : undefined,
        targetPeerId,
      },
    },
  );
}
