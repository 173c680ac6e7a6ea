/**
 * The product disclosure frame of battery records (`issueSdJwtVc(..., { frame: batteryRecordFrame })`):
 * which claims of `credentialSubject` get a Disclosure of their own.
 *
 * Policies decide on vocabulary terms, so the frame follows terms, not leaves:
 * - a claim whose term has a dedicated IRI (one a policy can name to single out that claim) is disclosable;
 * - a claim whose term is a generic building-block member (`INLINE_TERM_IRIS`: `kh:value`, `kh:unit`,
 *   `kh:observedAt`, document-reference and material-identifier members, … — one IRI shared by many
 *   parent terms) stays inline inside its parent's Disclosure: naming it could not single out one claim;
 * - array elements stay inline in their array's Disclosure (an element follows its array's term), except
 *   supplier entries (`kh:supplierRelation`) and the elements of sensitive terms, disclosable one by one;
 * - a key that maps to no term is disclosable (so default deny can drop it alone);
 * - every sensitive term (`SENSITIVE_TERM_IRIS`) is disclosable wherever it appears.
 *
 * DESIGN's rule ("every claim that any policy may withhold is selectively disclosable") holds because the
 * policy loader refuses a policy that withholds an inline term by name (`KH_POLICY_TERM_NOT_DISCLOSABLE`);
 * a policy may disclose inline terms, and one that does not name them withholds their parent (default deny,
 * fail-closed). Pure; `termIriAt` is compiled once.
 */
import type { DisclosureFrame } from '../certs/sd-jwt';
import { SENSITIVE_TERM_IRIS, termIriAt } from '../schemas/vocabulary';
import { KH_VOCAB } from './terms';

type Path = ReadonlyArray<string | number>;

/** Generic sub-terms: one IRI used under many parent terms (measured values, documents, identifiers). */
export const INLINE_TERM_IRIS: ReadonlySet<string> = new Set(
  [
    // MeasuredValue, TimedValue, KeyValue
    'value',
    'unit',
    'observedAt',
    'identifierKey',
    // DocumentReference
    'documentContentType',
    'documentHeader',
    'documentContent',
    // MaterialIdentifier
    'materialIdentifier',
    'materialIdentifierType',
    'materialName',
    // members shared by every active material / hazardous substance / composition entry
    'materialLocation',
    'criticalRawMaterial',
    'recycledShare',
    'concentration',
    'concentrationUnit',
    'materialDocumentation',
    'impactOfSubstances',
    // test conditions and levels shared by every performance measure
    'testTemperature',
    'cellLevel',
    'moduleLevel',
    'packLevel',
    'remaining',
    'fade',
    // facility references ({ facility })
    'facilityIdentifier',
  ].map((t) => KH_VOCAB + t),
);

/** Terms whose array elements are disclosable one by one. */
const ELEMENT_TERM_IRIS: ReadonlySet<string> = new Set([
  KH_VOCAB + 'supplierRelation',
  ...SENSITIVE_TERM_IRIS,
]);
const SENSITIVE: ReadonlySet<string> = new Set(SENSITIVE_TERM_IRIS);

/** Whether a policy may withhold `iri` by name (the frame gives its claims Disclosures of their own). */
export function isWithholdableTerm(iri: string): boolean {
  return !INLINE_TERM_IRIS.has(iri) || SENSITIVE.has(iri);
}

function termPathOf(path: Path): Path {
  let end = path.length;
  while (end > 0 && typeof path[end - 1] === 'number') end -= 1;
  return end === path.length ? path : path.slice(0, end);
}

/** The product frame (see the module comment). Paths outside `credentialSubject` are never disclosable. */
export const batteryRecordFrame: DisclosureFrame = (path) => {
  if (path.length < 2 || path[0] !== 'credentialSubject') return 'inline';
  const last = path[path.length - 1];
  const iri = termIriAt(termPathOf(path));
  if (typeof last === 'number') {
    return iri !== undefined && ELEMENT_TERM_IRIS.has(iri) ? 'disclosable' : 'inline';
  }
  if (iri === undefined) return 'disclosable';
  return isWithholdableTerm(iri) ? 'disclosable' : 'inline';
};
