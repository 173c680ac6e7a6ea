import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex, VC_V2_CONTEXT_SHA256 } from '../../schemas/document-loader';
import { renderCanonicalSchema, CANONICAL_SCHEMA_FILE } from '../../schemas/canonical/build-schema';

const REPO = path.resolve(__dirname, '../..');
const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');

describe('data copied into schemas/', () => {
  it('holds the W3C VC 2.0 context byte for byte, with the digest published in VC 2.0 §B.1', () => {
    const stored = readFileSync(path.join(REPO, 'schemas/contexts/credentials-v2.jsonld'));
    const fixture = readFileSync(path.join(FIXTURES, 'vectors/vc-data-model/contexts/credentials/v2.jsonld'));
    expect(stored.equals(fixture)).toBe(true);
    expect(VC_V2_CONTEXT_SHA256).toBe('59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734');
    expect(sha256Hex(stored)).toBe(VC_V2_CONTEXT_SHA256);
  });

  it('holds the Catena-X BatteryPass 6.1.0 schema byte for byte', () => {
    const stored = readFileSync(path.join(REPO, 'schemas/catena-x/BatteryPass-6.1.0-schema.json'));
    const fixture = readFileSync(
      path.join(
        FIXTURES,
        'catena-x/sldt-semantic-models/io.catenax.battery.battery_pass/6.1.0/gen/BatteryPass-schema.json',
      ),
    );
    expect(stored.equals(fixture)).toBe(true);
  });

  it('holds the DSP contexts the loader serves byte for byte', () => {
    for (const name of ['dspace.jsonld', 'odrl.jsonld']) {
      const stored = path.join(REPO, 'schemas/dsp/context', name);
      const fixture = path.join(FIXTURES, 'dsp/DataspaceProtocol/context', name);
      expect(readFileSync(stored).equals(readFileSync(fixture))).toBe(true);
    }
  });

  it('keeps the generated canonical schema in step with its generator', () => {
    expect(readFileSync(CANONICAL_SCHEMA_FILE, 'utf8')).toBe(renderCanonicalSchema());
  });

  it('defines no @vocab catch-all in the Kakehashi context', () => {
    const text = readFileSync(path.join(REPO, 'schemas/contexts/kakehashi-v1.jsonld'), 'utf8');
    expect(text).not.toContain('@vocab');
    const vc = readFileSync(path.join(REPO, 'schemas/contexts/credentials-v2.jsonld'), 'utf8');
    expect(JSON.parse(vc)['@context']['@vocab']).toBeUndefined();
  });
});
