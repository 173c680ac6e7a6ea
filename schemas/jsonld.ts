/**
 * JSON-LD processing of canonical records, always through the offline document loader and in safe mode:
 * a term that no context defines would be silently dropped by expansion, so here it is an error.
 */
import jsonld from 'jsonld';
import { KhError, isKhError } from '../connector/errors';
import { documentLoader } from './document-loader';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Safe-mode event codes that mean "a term or type value is not defined by the contexts". */
const UNDEFINED_TERM_EVENTS = new Set([
  'invalid property',
  'invalid reverse property',
  'relative @type reference',
  'relative @vocab reference',
  'reserved term',
]);

function khErrorFrom(err: unknown): KhError {
  if (isKhError(err)) return err;
  // jsonld wraps document-loader failures: find our typed error in the cause chain.
  let current: unknown = err;
  for (let i = 0; i < 5 && isRecord(current); i++) {
    if (isKhError(current)) return current;
    const details = current.details;
    const next = isRecord(details) && details.cause !== undefined ? details.cause : current.cause;
    if (isKhError(next)) return next;
    current = next;
  }
  const details = isRecord(err) && isRecord(err.details) ? err.details : undefined;
  const event = details && isRecord(details.event) ? details.event : undefined;
  const eventCode = event && typeof event.code === 'string' ? event.code : undefined;
  const eventDetails = event && isRecord(event.details) ? event.details : {};
  if (eventCode !== undefined && UNDEFINED_TERM_EVENTS.has(eventCode)) {
    const term =
      typeof eventDetails.property === 'string'
        ? eventDetails.property
        : typeof eventDetails.type === 'string'
          ? eventDetails.type
          : typeof eventDetails.term === 'string'
            ? eventDetails.term
            : undefined;
    return new KhError(
      'KH_JSONLD_UNDEFINED_TERM',
      `term ${term ?? '(unknown)'} is not defined by the record's contexts`,
      {
        where: term,
        details: { term, event: eventCode },
        cause: err,
      },
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  return new KhError('KH_JSONLD_INVALID', `JSON-LD expansion failed: ${message}`, {
    details: eventCode === undefined ? undefined : { event: eventCode },
    cause: err,
  });
}

/** Expands `doc` (safe mode, offline loader). Throws `KH_JSONLD_UNDEFINED_TERM`, `KH_JSONLD_REMOTE_CONTEXT`, ... */
export async function expandSafe(doc: object): Promise<unknown[]> {
  try {
    const expanded = await jsonld.expand(
      doc as jsonld.JsonLdDocument,
      {
        documentLoader: documentLoader as never,
        safe: true,
      } as jsonld.Options.Expand,
    );
    return expanded as unknown[];
  } catch (err) {
    throw khErrorFrom(err);
  }
}

/**
 * Resolves when every term of `doc` is defined by its contexts (no `@vocab` catch-all is in play);
 * otherwise throws `KH_JSONLD_UNDEFINED_TERM` naming the first undefined term.
 */
export async function assertFullyDefined(doc: object): Promise<void> {
  await expandSafe(doc);
}
