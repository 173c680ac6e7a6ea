/**
 * The compiled JSON-LD walk runs on the term states of schemas/vocabulary.ts (`termRoot`/`termStep`, one
 * lookup per key) instead of resolving every key's whole path with `termIriAt`. These tests hold it to the
 * path-based walk it replaced (kept here as the reference), on records and on many altered records, and
 * hold `termStep` to `termIriAt`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { catenaXToCanonical } from '../../adapters/catena-x';
import { ouranosToCanonical } from '../../adapters/ouranos';
import { compiledTermDoubt } from '../../schemas/jsonld';
import { loadStoredDocument } from '../../schemas/document-loader';
import { termIriAt, termRoot, termStep, type TermState } from '../../schemas/vocabulary';
import { generateRecords } from '../../seeds/generator';

type Doc = Record<string, unknown>;
type Path = (string | number)[];
const isRecord = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

const PINNED = ['https://www.w3.org/ns/credentials/v2', 'https://w3id.org/kakehashi/v1'];
const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:/i;

/** The walk as it was written before (every key resolved by its full path). */
function referenceDoubt(doc: Doc): { pointer: string; term?: string } | undefined {
  const scoped = new Set<string>();
  const idTyped = new Set<string>();
  const special = new Set<string>();
  const visit = (ctx: unknown): void => {
    if (!isRecord(ctx)) return;
    for (const [term, def] of Object.entries(ctx)) {
      if (!isRecord(def)) continue;
      if (def['@context'] !== undefined) {
        scoped.add(term);
        visit(def['@context']);
      }
      if (def['@type'] === '@id') idTyped.add(term);
      if (def['@type'] === '@vocab' || def['@type'] === '@json') special.add(term);
    }
  };
  for (const url of PINNED) {
    const d = loadStoredDocument(url);
    visit(isRecord(d) ? d['@context'] : undefined);
  }
  const pointerOf = (p: ReadonlyArray<string | number>) =>
    p.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  const ctx = doc['@context'];
  if (!(Array.isArray(ctx) && ctx.length === 2 && ctx.every((c, i) => c === PINNED[i])))
    return { pointer: '/@context' };
  const topTypes = doc.type;
  if (!(Array.isArray(topTypes) ? topTypes : [topTypes]).includes('VerifiableCredential'))
    return { pointer: '/type' };
  const checkType = (value: unknown, p: Path, depth: number) => {
    const values = Array.isArray(value) ? value : [value];
    for (let i = 0; i < values.length; i += 1) {
      const v: unknown = values[i];
      const at = Array.isArray(value) ? [...p, i] : p;
      if (typeof v !== 'string') return { pointer: pointerOf(at) };
      if (scoped.has(v) && !(depth === 0 && v === 'VerifiableCredential')) return { pointer: pointerOf(at) };
      const parent = depth === 0 ? ['credentialSubject'] : p.slice(0, -1);
      if (termIriAt([...parent, v]) === undefined) return { pointer: pointerOf(at), term: v };
    }
    return undefined;
  };
  const walk = (value: unknown, p: Path, depth: number): { pointer: string; term?: string } | undefined => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        const doubt = walk(value[i], [...p, i], depth);
        if (doubt !== undefined) return doubt;
      }
      return undefined;
    }
    if (!isRecord(value)) return undefined;
    for (const [key, member] of Object.entries(value)) {
      const at = [...p, key];
      if (key.startsWith('@')) {
        if (depth === 0 && key === '@context') continue;
        return { pointer: pointerOf(at) };
      }
      if (special.has(key)) return { pointer: pointerOf(at) };
      const iri = termIriAt(at);
      if (iri === undefined) return { pointer: pointerOf(at), term: key };
      if (iri === '@type') {
        const doubt = checkType(member, at, depth);
        if (doubt !== undefined) return doubt;
        continue;
      }
      if (iri === '@id' || idTyped.has(key)) {
        const iris = Array.isArray(member) ? member : [member];
        if (iris.some((v) => typeof v === 'string' && !ABSOLUTE_IRI.test(v)))
          return { pointer: pointerOf(at) };
        if (iri === '@id') {
          if (iris.some((v) => typeof v !== 'string')) return { pointer: pointerOf(at) };
          continue;
        }
      }
      const doubt = walk(member, at, depth + 1);
      if (doubt !== undefined) return doubt;
    }
    return undefined;
  };
  return walk(doc, [], 0);
}

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every object and array inside `doc`, with its path. */
function containers(doc: unknown, p: Path = [], out: Array<[Path, Doc | unknown[]]> = []) {
  if (Array.isArray(doc)) {
    out.push([p, doc]);
    doc.forEach((v, i) => containers(v, [...p, i], out));
  } else if (isRecord(doc)) {
    out.push([p, doc]);
    for (const [k, v] of Object.entries(doc)) containers(v, [...p, k], out);
  }
  return out;
}

const records = [
  ...generateRecords('catena-x', 6, 5).map((r) => catenaXToCanonical(r)),
  ...generateRecords('ouranos', 6, 5).map((r) => ouranosToCanonical(r)),
].map((r) => r as unknown as Doc);

function contextKeys(): string[] {
  const ctx = JSON.parse(
    readFileSync(path.resolve(__dirname, '../../schemas/contexts/kakehashi-v1.jsonld'), 'utf8'),
  ) as { '@context': Doc };
  const names = new Set<string>();
  const collect = (c: Doc): void => {
    for (const [k, v] of Object.entries(c)) {
      names.add(k);
      if (isRecord(v) && isRecord(v['@context'])) collect(v['@context']);
    }
  };
  collect(ctx['@context']);
  return [...names];
}

describe('compiled JSON-LD walk on term states', () => {
  test('agrees with the path-based walk on records and on over a thousand altered records', () => {
    const rand = prng(20261124);
    const keys = [...contextKeys(), 'type', 'id', '@id', '@type', '@context', 'colour', 'a/b~c', '', '0'];
    const values: unknown[] = [
      'x',
      1,
      null,
      [],
      {},
      ['VerifiableCredential'],
      'BatteryPassport',
      'relative',
      'urn:x:1',
      [{ type: 'nope' }, 'a'],
      { id: 'rel', type: ['BatteryPassport', 'X'] },
      [1, 'https://example.org/'],
    ];
    let doubts = 0;
    let clean = 0;
    for (const record of records) {
      expect(compiledTermDoubt(record)).toEqual(referenceDoubt(record));
      expect(compiledTermDoubt(record)).toBeUndefined();
      for (let n = 0; n < 120; n += 1) {
        const doc = structuredClone(record);
        const spots = containers(doc);
        const edits = 1 + Math.floor(rand() * 2);
        for (let e = 0; e < edits; e += 1) {
          const [, target] = spots[Math.floor(rand() * spots.length)];
          const value = structuredClone(values[Math.floor(rand() * values.length)]);
          if (Array.isArray(target)) target.push(value);
          else target[keys[Math.floor(rand() * keys.length)]] = value;
        }
        const expected = referenceDoubt(doc);
        expect(compiledTermDoubt(doc)).toEqual(expected);
        if (expected === undefined) clean += 1;
        else doubts += 1;
      }
    }
    expect(doubts).toBeGreaterThan(300);
    expect(clean).toBeGreaterThan(50);
  });

  test('termStep from termRoot gives termIriAt for every path of every record', () => {
    let checked = 0;
    for (const record of records) {
      const visit = (value: unknown, p: Path, state: TermState | undefined): void => {
        if (Array.isArray(value)) {
          value.forEach((v, i) => visit(v, [...p, i], state));
          return;
        }
        if (!isRecord(value)) return;
        for (const [k, v] of Object.entries(value)) {
          const edge = state === undefined ? undefined : termStep(state, k);
          expect(edge?.iri).toBe(termIriAt([...p, k]));
          checked += 1;
          visit(v, [...p, k], edge?.next);
        }
      };
      visit(record, [], termRoot());
    }
    expect(checked).toBeGreaterThan(1000);
    expect(termStep(termRoot(), '@context')).toBeUndefined();
    expect(termStep(termRoot(), 'nope')).toBeUndefined();
    expect(termIriAt([])).toBeUndefined();
    expect(termIriAt([0, 'credentialSubject'])).toBe(termIriAt(['credentialSubject']));
  });

  test('termIriAt answers the same whatever the order of the calls (it resumes from the previous path)', () => {
    const paths: Path[] = [];
    for (const [p] of containers(records[0])) {
      paths.push(p, [...p, 'nope'], [...p, '@id'], [...p, 0], [...p, 'type'], [...p, 'id', 'type']);
    }
    const inOrder = paths.map((p) => termIriAt(p));
    expect(inOrder.filter((iri) => iri !== undefined).length).toBeGreaterThan(100);
    const rand = prng(7);
    for (let round = 0; round < 3; round += 1) {
      const order = paths.map((_, i) => i).sort(() => rand() - 0.5);
      for (const i of order) expect([paths[i], termIriAt(paths[i])]).toEqual([paths[i], inOrder[i]]);
      // The same path object changed in place between calls is read afresh.
      const p: Path = ['credentialSubject', 'supplyChain', 'suppliers', 0, 'supplierName'];
      const name = termIriAt(p);
      p[4] = 'procurementVolume';
      expect(termIriAt(p)).not.toBe(name);
      expect(termIriAt(p)).toBe(
        termIriAt(['credentialSubject', 'supplyChain', 'suppliers', 'procurementVolume']),
      );
    }
  });
});
