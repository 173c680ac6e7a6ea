/**
 * Certification references ⇄ BatteryPass `sources`. BatteryPass has no member for a certification reference;
 * the place a Catena-X reader looks for one is a source of category "Certifications and Compliance". Each
 * certification document becomes one source (`header` = the description, `type` = `URN`, `content` =
 * `urn:kakehashi:certification:<certificationId>:document:<documentId>:<name>`; a certification without
 * documents one source `urn:kakehashi:certification:<certificationId>`). Reading back is exact: a tail of
 * `sources` is read as certification references only when writing them again gives the same sources, so
 * CX → canonical → CX stays the identity. Pure.
 */
import { isDeepStrictEqual } from 'node:util';
import type { CertificationReference, PassportSource } from './types';

export const CERTIFICATION_SOURCE_CATEGORY = 'Certifications and Compliance';
export const CERTIFICATION_SOURCE_TYPE = 'URN';
const PREFIX = 'urn:kakehashi:certification:';

const enc = (v: string): string => encodeURIComponent(v);

/** The `sources` entries that carry `refs`. */
export function certificationReferencesToSources(
  refs: ReadonlyArray<CertificationReference>,
): PassportSource[] {
  return refs.flatMap((ref) => {
    const base = {
      header: ref.certificationDescription ?? '',
      category: CERTIFICATION_SOURCE_CATEGORY,
      type: CERTIFICATION_SOURCE_TYPE,
    };
    const docs = ref.certificationDocuments ?? [];
    if (docs.length === 0) return [{ ...base, content: `${PREFIX}${enc(ref.certificationId)}` }];
    return docs.map((d) => ({
      ...base,
      content: `${PREFIX}${enc(ref.certificationId)}:document:${enc(d.certificationDocumentId)}:${enc(d.certificationDocumentName)}`,
    }));
  });
}

function parse(source: PassportSource): { id: string; doc?: { id: string; name: string } } | undefined {
  if (source.category !== CERTIFICATION_SOURCE_CATEGORY || source.type !== CERTIFICATION_SOURCE_TYPE)
    return undefined;
  if (!source.content.startsWith(PREFIX)) return undefined;
  const m = /^([^:]+)(?::document:([^:]+):([^:]*))?$/.exec(source.content.slice(PREFIX.length));
  if (m === null) return undefined;
  try {
    return {
      id: decodeURIComponent(m[1]),
      ...(m[2] === undefined
        ? {}
        : { doc: { id: decodeURIComponent(m[2]), name: decodeURIComponent(m[3]) } }),
    };
  } catch {
    return undefined;
  }
}

/**
 * Splits `sources` into the ordinary ones and the certification references its tail carries (see the module
 * comment: only an exactly re-encodable tail is read).
 */
export function sourcesToCertificationReferences(sources: ReadonlyArray<PassportSource>): {
  sources: PassportSource[];
  certificationReferences: CertificationReference[];
} {
  let start = sources.length;
  while (start > 0 && parse(sources[start - 1]) !== undefined) start -= 1;
  for (; start < sources.length; start += 1) {
    const refs: CertificationReference[] = [];
    for (const source of sources.slice(start)) {
      const p = parse(source) as { id: string; doc?: { id: string; name: string } };
      let ref = refs[refs.length - 1];
      if (
        ref === undefined ||
        ref.certificationId !== p.id ||
        p.doc === undefined ||
        ref.certificationDocuments === undefined
      ) {
        ref = {
          certificationId: p.id,
          ...(source.header === '' ? {} : { certificationDescription: source.header }),
        };
        refs.push(ref);
      }
      if (p.doc !== undefined) {
        ref.certificationDocuments = [
          ...(ref.certificationDocuments ?? []),
          { certificationDocumentId: p.doc.id, certificationDocumentName: p.doc.name },
        ];
      }
    }
    if (isDeepStrictEqual(certificationReferencesToSources(refs), sources.slice(start))) {
      return { sources: sources.slice(0, start), certificationReferences: refs };
    }
  }
  return { sources: [...sources], certificationReferences: [] };
}
