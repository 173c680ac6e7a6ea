import { readFileSync } from 'node:fs';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import {
  CertificationCredential,
  toBatteryPassThirdPartyAssurance,
  toBusinessPartnerCertificate,
  toOuranosCertification,
} from '../../certs/certification';
import { createWorld, World } from './world';

const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures');
const BPC_DIR = path.join(
  FIXTURES,
  'catena-x/sldt-semantic-models/io.catenax.business_partner_certificate/3.1.0/gen',
);

function payloadOf(token: string): CertificationCredential {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

let w: World;
beforeAll(() => {
  w = createWorld();
});

describe('Catena-X BusinessPartnerCertificate 3.1.0', () => {
  const fixtureSchema = readFileSync(path.join(BPC_DIR, 'BusinessPartnerCertificate-schema.json'));

  it('the schema copied into the repo has the bytes of the fixture', () => {
    const copy = readFileSync(
      path.resolve(__dirname, '../../schemas/catena-x/BusinessPartnerCertificate-schema.json'),
    );
    expect(copy.equals(fixtureSchema)).toBe(true);
  });

  it('maps a company certification to a document the real schema (and the fixture example) validate', () => {
    const { token } = w.certify(w.cxCertifier);
    const credential = payloadOf(token);
    const doc = toBusinessPartnerCertificate(credential, {
      vcJwt: token,
      trustLevel: 'trusted',
      validator: { validatorName: 'Kakehashi node CX', validatorBpn: 'BPNL00000007YREZ' },
    });
    // Validate independently of the module, with a freshly compiled fixture schema.
    const ajv = new AjvDraft04({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fixtureSchema.toString('utf8')));
    expect(
      validate(JSON.parse(readFileSync(path.join(BPC_DIR, 'BusinessPartnerCertificate.json'), 'utf8'))),
    ).toBe(true);
    expect(validate(doc)).toBe(true);
    expect(doc).toMatchObject({
      businessPartnerNumber: 'BPNL00000003AYRE',
      type: { certificateType: 'CX-0029', certificateVersion: '3.0' },
      registrationNumber: credential.id,
      trustLevel: 'trusted',
      issuer: { issuerName: 'TUEV Example', issuerBpn: 'BPNL00000000CERT' },
      validFrom: credential.validFrom.slice(0, 10),
      validUntil: credential.validUntil.slice(0, 10),
    });
    expect(Buffer.from(doc.document.contentBase64, 'base64').toString('utf8')).toBe(token);
    expect(doc.document.contentType).toBe('application/vc+jwt');
    // The schema really constrains: a broken BPN fails it.
    expect(validate({ ...doc, businessPartnerNumber: 'BPNX' })).toBe(false);
  });

  it('needs a BPNL for a subject that is not a CX participant, and refuses failed outcomes', () => {
    const credential = payloadOf(w.certify(w.ouCertifier).token);
    expect(codeOf(() => toBusinessPartnerCertificate(credential))).toBe('KH_CERT_CX_INVALID');
    expect(
      toBusinessPartnerCertificate(credential, { businessPartnerNumber: 'BPNL00000003AYRE' }).trustLevel,
    ).toBe('none');
    const failed = payloadOf(w.certify(w.cxCertifier, { outcome: 'fail' }).token);
    expect(codeOf(() => toBusinessPartnerCertificate(failed))).toBe('KH_CERT_INPUT_INVALID');
  });

  it('also gives a BatteryPass conformity.thirdPartyAssurance entry', () => {
    const credential = payloadOf(w.certify(w.cxCertifier).token);
    expect(toBatteryPassThirdPartyAssurance(credential, { url: 'https://certs.example/1' })).toEqual({
      contentType: 'URL',
      header: 'PCF Rulebook v3.0 3.0: pass',
      content: 'https://certs.example/1',
    });
  });
});

describe('Ouranos CfpCertificationModel', () => {
  it('maps to the fields and limits of traceability.CfpCertificationModel', () => {
    const { token, id } = w.certify(w.ouCertifier);
    const credential = payloadOf(token);
    const m = toOuranosCertification(credential, {
      file: {
        operatorId: 'b1234567-1234-1234-1234-123456789012',
        fileId: '5c07e3e9-c0e5-4a1f-b6a5-78145f7d1855',
        fileName: 'B01_CFP.pdf',
      },
    });
    expect(Object.keys(m).sort()).toEqual(
      ['cfpCertificationDescription', 'cfpCertificationFileInfo', 'cfpCertificationId', 'traceId'].sort(),
    );
    expect(m.cfpCertificationId).toBe(id.replace('urn:uuid:', ''));
    expect(m.traceId).toBe('6a1f2d3e-1111-4222-8333-944455556666');
    expect(m.cfpCertificationDescription?.length).toBeLessThanOrEqual(100);
    expect(m.cfpCertificationDescription).toContain('pass');
    expect(m.cfpCertificationFileInfo).toEqual([
      {
        operatorId: 'b1234567-1234-1234-1234-123456789012',
        fileId: '5c07e3e9-c0e5-4a1f-b6a5-78145f7d1855',
        fileName: 'B01_CFP.pdf',
      },
    ]);
    const openapi = readFileSync(
      path.join(FIXTURES, 'ouranos/data-transaction-system/docs/openapi.yaml'),
      'utf8',
    );
    for (const field of Object.keys(m)) expect(openapi).toContain(`${field}:`);
  });

  it('needs a traceId when the subject is not a UUID', () => {
    const credential = payloadOf(w.certify(w.cxCertifier).token);
    expect(codeOf(() => toOuranosCertification(credential))).toBe('KH_CERT_INPUT_INVALID');
    const m = toOuranosCertification(credential, { traceId: '2680ed32-19a3-435b-a094-23ff43aaa611' });
    expect(m.cfpCertificationFileInfo).toBeNull();
  });
});
