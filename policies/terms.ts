/** Compact (`kh:name`) ⇄ expanded vocabulary IRIs. */

export const KH_VOCAB = 'https://w3id.org/kakehashi/vocab#';
const KH_PREFIX = 'kh:';

/** Expands `kh:name` to the vocabulary IRI; an absolute IRI is returned as is; anything else → undefined. */
export function expandTerm(term: string): string | undefined {
  if (term.startsWith(KH_PREFIX)) {
    const local = term.slice(KH_PREFIX.length);
    return local.length > 0 ? KH_VOCAB + local : undefined;
  }
  if (/^https?:\/\/\S+$/.test(term)) return term;
  return undefined;
}

/** The compact `kh:` name of a vocabulary IRI, or the IRI itself when it is outside the vocabulary. */
export function compactTerm(iri: string): string {
  return iri.startsWith(KH_VOCAB) ? KH_PREFIX + iri.slice(KH_VOCAB.length) : iri;
}
