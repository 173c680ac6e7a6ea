/** The two DSP roles a node plays in a process, and which of them sends a message. */
export type DspRole = 'provider' | 'consumer';
/** Whether this node sends the message or receives it from its peer. */
export type DspDirection = 'send' | 'receive';

export function otherRole(role: DspRole): DspRole {
  return role === 'provider' ? 'consumer' : 'provider';
}

/** The role that sends the message, seen from a node playing `role`. */
export function senderRole(role: DspRole, direction: DspDirection): DspRole {
  return direction === 'send' ? role : otherRole(role);
}
