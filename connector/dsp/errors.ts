/** Error codes of the Dataspace Protocol layer (`connector/dsp/`). */
export const DSP_ERROR_CODES = {
  KH_DSP_SCHEMA_INVALID:
    'a DSP message does not validate against its DSP 2025-1 JSON Schema (where: JSON pointer)',
  KH_DSP_SCHEMA_LOAD_FAILED:
    'a DSP schema under schemas/dsp/ is missing or does not compile (operator error)',
  KH_DSP_UNKNOWN_MESSAGE_TYPE: 'the message @type is not a DSP 2025-1 message type this node knows',
  KH_DSP_ILLEGAL_STATE:
    'the message is not allowed in the process state (409) or never from this sender role (400), per DSP 2025-1',
  KH_DSP_UNKNOWN_PROCESS: 'no contract negotiation or transfer process with this pid (404)',
  KH_DSP_PID_MISMATCH: "the message's providerPid/consumerPid do not match the stored process",
  KH_DSP_UNKNOWN_PEER: 'the peer id is not in the peer registry (404)',
  KH_DSP_CALLBACK_NOT_ALLOWED: 'a callback address is not the registered peer base URL or under it',
  KH_DSP_ONWARD_TRANSFER_FORBIDDEN:
    'a record received from a peer may not be sent on to any node (usage policy, 403)',
} as const;

export type DspErrorCode = keyof typeof DSP_ERROR_CODES;
