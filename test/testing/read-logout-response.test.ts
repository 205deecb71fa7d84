import { createTestIdp, signXml, soapEnvelope, type TestIdp } from '../../lib/testing';
import { readKey } from './support/keys';
import { unsignedLogoutResponse } from './support/logout-response';

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const RESPONDER = 'urn:oasis:names:tc:SAML:2.0:status:Responder';
const PARTIAL = 'urn:oasis:names:tc:SAML:2.0:status:PartialLogout';

const fields = {
  id: '_resp1',
  inResponseTo: '_req1',
  issuer: 'https://sp.test/metadata',
  destination: 'https://idp.test/slo',
};

function signedBy(who: 'sp' | 'other', status = SUCCESS, subStatus?: string): string {
  return signXml(
    unsignedLogoutResponse({ ...fields, status, subStatus, statusMessage: 'partly <done>' }),
    {
      referenceId: fields.id,
      privateKey: readKey(who, 'key'),
      certificate: readKey(who, 'cert'),
    },
  );
}

describe('readLogoutResponse: reads fields and checks the SP signature with xml-crypto', () => {
  let idp: TestIdp;
  const spCert = readKey('sp', 'cert');
  beforeAll(async () => {
    idp = await createTestIdp();
  });

  it('a bare LogoutResponse signed by the SP is valid and its fields are read', () => {
    expect(idp.readLogoutResponse(signedBy('sp', RESPONDER, PARTIAL), spCert)).toEqual({
      signatureValid: true,
      ...fields,
      status: RESPONDER,
      subStatus: PARTIAL,
      statusMessage: 'partly <done>',
    });
  });

  it.each(['1.1', '1.2'] as const)('inside a SOAP %s envelope it is valid too', (version) => {
    const readout = idp.readLogoutResponse(soapEnvelope(signedBy('sp'), version), spCert);
    expect(readout).toMatchObject({
      signatureValid: true,
      status: SUCCESS,
      inResponseTo: '_req1',
      issuer: fields.issuer,
    });
    expect(readout.subStatus).toBeUndefined();
  });

  it('tampered after signing: signatureValid false (bare and in SOAP)', () => {
    const tampered = signedBy('sp').replace('InResponseTo="_req1"', 'InResponseTo="_req2"');
    expect(idp.readLogoutResponse(tampered, spCert)).toMatchObject({
      signatureValid: false,
      inResponseTo: '_req2',
    });
    expect(idp.readLogoutResponse(soapEnvelope(tampered), spCert).signatureValid).toBe(false);
  });

  it('signed by other.key.pem: signatureValid false', () => {
    expect(idp.readLogoutResponse(signedBy('other'), spCert).signatureValid).toBe(false);
  });

  it('unsigned: signatureValid false, fields still read', () => {
    const readout = idp.readLogoutResponse(
      unsignedLogoutResponse({ ...fields, status: SUCCESS }),
      spCert,
    );
    expect(readout).toMatchObject({ signatureValid: false, ...fields, status: SUCCESS });
  });

  it('a signature that covers another element (wrapping) is not accepted', () => {
    const signed = signedBy('sp');
    const moved = signed.replace('ID="_resp1"', 'ID="_resp2"');
    expect(idp.readLogoutResponse(moved, spCert).signatureValid).toBe(false);
  });

  it('throws only for input that holds no LogoutResponse', () => {
    expect(() => idp.readLogoutResponse('<a/>', spCert)).toThrow(/LogoutResponse/);
    expect(() => idp.readLogoutResponse(soapEnvelope('<a/>'), spCert)).toThrow(/LogoutResponse/);
  });
});
