/**
 * Loading a disclosure policy: parse, check the JSON-LD context, validate against the JSON Schema
 * (draft 2020-12, compiled once), expand every term against the Kakehashi vocabulary and check it exists,
 * check reasons and conflicts. Any problem throws a `KhError` whose `where` is the JSON pointer in the
 * policy, so a node never starts on a bad policy.
 */
import { readFileSync } from 'node:fs';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { KhError } from '../connector/errors';
import policySchema from '../schemas/policy/disclosure-policy.schema.json';
import { kakehashiTermIris } from '../schemas/vocabulary';
import { isWithholdableTerm } from './frame';
import { expandTerm } from './terms';
import {
  RESERVED_REASONS,
  type CertificationTreatment,
  type CompiledPolicy,
  type PeerPlatform,
} from './types';

export const POLICY_CONTEXT_URL = 'https://w3id.org/kakehashi/policy/v1';
export const POLICY_MEDIA_TYPE = 'application/ld+json';
/** A withholding reason: lower-case kebab-case, e.g. `supplier-identity`, `procurement-volume`, `trade-secret`. */
export const REASON_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

export interface LoadPolicyOptions {
  /** IRIs a policy may name; defaults to every term of the Kakehashi vocabulary context. */
  readonly knownTerms?: ReadonlySet<string>;
  /**
   * Whether a term may be withheld by name: its claims must be selectively disclosable in the disclosure
   * frame the node issues with. Defaults to `isWithholdableTerm` (the product frame `batteryRecordFrame`).
   */
  readonly withholdable?: (iri: string) => boolean;
}

interface PolicyDocument {
  id: string;
  title?: string;
  version?: string;
  peer: { platform: PeerPlatform; nodeId: string };
  discloses: string[];
  withholds: { term: string; reason: string }[];
  certifications: CertificationTreatment;
}

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  validator ??= new Ajv2020({ allErrors: false, strict: true, strictRequired: false }).compile(policySchema);
  return validator;
}

/** Loads and compiles a policy from a file path or an already parsed document. Throws `KH_POLICY_*`. */
export function loadPolicy(fileOrObject: string | object, options: LoadPolicyOptions = {}): CompiledPolicy {
  const source = typeof fileOrObject === 'string' ? fileOrObject : 'inline';
  const document = typeof fileOrObject === 'string' ? readPolicyFile(fileOrObject) : fileOrObject;
  return compilePolicy(
    document,
    source,
    options.knownTerms ?? kakehashiTermIris(),
    options.withholdable ?? isWithholdableTerm,
  );
}

function readPolicyFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new KhError('KH_POLICY_NOT_FOUND', 'the policy file cannot be read', { where: file, cause });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new KhError('KH_POLICY_INVALID_JSONLD', 'the policy file is not JSON', { where: file, cause });
  }
}

function compilePolicy(
  document: unknown,
  source: string,
  knownTerms: ReadonlySet<string>,
  withholdable: (iri: string) => boolean,
): CompiledPolicy {
  const details = { source };
  checkContext(document, details);
  const check = validate();
  if (!check(document)) throw schemaError(check.errors ?? [], details);
  const doc = document as PolicyDocument;

  const discloses = new Set<string>();
  doc.discloses.forEach((term, i) => discloses.add(knownTerm(term, `/discloses/${i}`, knownTerms, details)));

  const withholds = new Map<string, string>();
  doc.withholds.forEach(({ term, reason }, i) => {
    const where = `/withholds/${i}`;
    if (!REASON_PATTERN.test(reason) || RESERVED_REASONS.includes(reason)) {
      throw new KhError(
        'KH_POLICY_INVALID_REASON',
        'a withholding reason must be a kebab-case name and not reserved',
        {
          where: `${where}/reason`,
          details,
        },
      );
    }
    const iri = knownTerm(term, `${where}/term`, knownTerms, details);
    if (!withholdable(iri)) {
      throw new KhError(
        'KH_POLICY_TERM_NOT_DISCLOSABLE',
        `term ${term} is a generic sub-term kept inside its parent's disclosure; withhold the parent term instead`,
        { where: `${where}/term`, details },
      );
    }
    if (discloses.has(iri)) {
      throw new KhError('KH_POLICY_CONFLICT', `term ${term} is both disclosed and withheld`, {
        where: `${where}/term`,
        details,
      });
    }
    const previous = withholds.get(iri);
    if (previous !== undefined && previous !== reason) {
      throw new KhError('KH_POLICY_CONFLICT', `term ${term} is withheld twice with different reasons`, {
        where: `${where}/reason`,
        details,
      });
    }
    withholds.set(iri, reason);
  });

  return Object.freeze({
    id: doc.id,
    ...(doc.title === undefined ? {} : { title: doc.title }),
    ...(doc.version === undefined ? {} : { version: doc.version }),
    peer: Object.freeze({ platform: doc.peer.platform, nodeId: doc.peer.nodeId }),
    discloses,
    withholds,
    certifications: Object.freeze({ ...doc.certifications }),
    source,
  });
}

/** The policy must be a JSON-LD object whose only context is the Kakehashi policy context. */
function checkContext(document: unknown, details: Record<string, unknown>): void {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new KhError('KH_POLICY_INVALID_JSONLD', 'a policy is a JSON-LD object', { where: '', details });
  }
  const context = (document as Record<string, unknown>)['@context'];
  const urls = Array.isArray(context) ? context : [context];
  if (urls.length !== 1 || urls[0] !== POLICY_CONTEXT_URL) {
    throw new KhError('KH_POLICY_INVALID_JSONLD', `the policy @context must be "${POLICY_CONTEXT_URL}"`, {
      where: '/@context',
      details,
    });
  }
  for (const key of Object.keys(document)) {
    if (key.startsWith('@') && key !== '@context') {
      throw new KhError(
        'KH_POLICY_INVALID_JSONLD',
        'use the context aliases (id, type), not JSON-LD keywords',
        {
          where: `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
          details,
        },
      );
    }
  }
}

function knownTerm(
  term: string,
  where: string,
  knownTerms: ReadonlySet<string>,
  details: Record<string, unknown>,
): string {
  const iri = expandTerm(term);
  if (iri === undefined || !knownTerms.has(iri)) {
    throw new KhError('KH_POLICY_UNKNOWN_TERM', `term ${term} is not in the Kakehashi vocabulary`, {
      where,
      details,
    });
  }
  return iri;
}

function schemaError(errors: ReadonlyArray<ErrorObject>, details: Record<string, unknown>): KhError {
  const first = errors[0];
  const at = first?.instancePath ?? '';
  if (first?.keyword === 'required') {
    const missing = String((first.params as { missingProperty?: unknown }).missingProperty ?? '');
    const where = `${at}/${missing}`;
    if (where === '/peer' || at === '/peer') {
      return new KhError('KH_POLICY_MISSING_PEER', 'the policy must name its peer (platform and nodeId)', {
        where,
        details,
      });
    }
    return new KhError('KH_POLICY_INVALID', `the policy lacks ${missing}`, { where, details });
  }
  return new KhError(
    'KH_POLICY_INVALID',
    `the policy does not match its schema (${first?.keyword ?? 'unknown'})`,
    {
      where: at,
      details: { ...details, keyword: first?.keyword },
    },
  );
}
