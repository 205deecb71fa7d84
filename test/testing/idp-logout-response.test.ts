import { createTestIdp, soapEnvelope, type TestIdp } from '../../lib/testing';
import { requireXmlsec1, xmlsec1Verify } from '../support/xmlsec1';
import { readKey } from './support/keys';

const SAMLP_RESPONSE = 'urn:oasis:names:tc:SAML:2.0:protocol:LogoutResponse';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const RESPONDER = 'urn:oasis:names:tc:SAML:2.0:status:Responder';
const PARTIAL = 'urn:oasis:names:tc:SAML:2.0:status:PartialLogout';
const SLO = 'https://sp.test/saml/logout';

describe("buildLogoutResponse: the IdP's answer to an SP's LogoutRequest", () => {
  let idp: TestIdp;
  const idpCert = readKey('idp', 'cert');
  beforeAll(async () => {
    requireXmlsec1();
    idp = await createTestIdp({ privateKey: readKey('idp', 'key'), certificate: idpCert });
  });

  it('defaults to Success, signed with the IdP key (xmlsec1 verifies it), Issuer = the IdP', () => {
    const { id, xml } = idp.buildLogoutResponse({ inResponseTo: '_req1', destination: SLO });
    const verified = xmlsec1Verify(xml, idpCert, SAMLP_RESPONSE);
    expect(verified.ok).toBe(true);
    expect(idp.readLogoutResponse(xml, idpCert)).toMatchObject({
      signatureValid: true,
      id,
      issuer: idp.entityID,
      inResponseTo: '_req1',
      destination: SLO,
      status: SUCCESS,
    });
    expect(xmlsec1Verify(xml, readKey('other', 'cert'), SAMLP_RESPONSE).ok).toBe(false);
  });

  it('status and subStatus may be given by their last part or as full URIs; the message is escaped', () => {
    const { xml } = idp.buildLogoutResponse({
      inResponseTo: '_req1',
      status: 'Responder',
      subStatus: PARTIAL,
      statusMessage: 'one <session> & more',
      id: '_fixed',
      issuer: 'https://other-idp.test',
      issueInstant: new Date('2030-01-02T03:04:05.000Z'),
    });
    expect(idp.readLogoutResponse(xml, idpCert)).toEqual({
      signatureValid: true,
      id: '_fixed',
      issuer: 'https://other-idp.test',
      inResponseTo: '_req1',
      status: RESPONDER,
      subStatus: PARTIAL,
      statusMessage: 'one <session> & more',
    });
    expect(xml).toContain('IssueInstant="2030-01-02T03:04:05.000Z"');
    expect(xml).not.toContain('Destination=');
  });

  it('sign:false builds it unsigned; signWith signs with another key', () => {
    expect(idp.buildLogoutResponse({ inResponseTo: '_r', sign: false }).xml).not.toContain(
      'Signature',
    );
    const other = idp.buildLogoutResponse({
      inResponseTo: '_r',
      signWith: { privateKey: readKey('other', 'key'), certificate: readKey('other', 'cert') },
    });
    expect(xmlsec1Verify(other.xml, readKey('other', 'cert'), SAMLP_RESPONSE).ok).toBe(true);
    expect(xmlsec1Verify(other.xml, idpCert, SAMLP_RESPONSE).ok).toBe(false);
  });
});

describe('sending the LogoutResponse by Redirect, POST or SOAP', () => {
  let idp: TestIdp;
  const idpCert = readKey('idp', 'cert');
  beforeAll(async () => {
    idp = await createTestIdp({ privateKey: readKey('idp', 'key'), certificate: idpCert });
  });

  it('redirectLogoutResponseUrl: SAMLResponse with a signed query; readRedirectLogoutResponse reads it back', () => {
    const { id, xml } = idp.buildLogoutResponse({
      inResponseTo: '_req1',
      destination: SLO,
      sign: false,
    });
    const url = idp.redirectLogoutResponseUrl(SLO, xml, 'r/1');
    expect(url.startsWith(`${SLO}?SAMLResponse=`)).toBe(true);
    expect(idp.readRedirectLogoutResponse(url, idpCert)).toMatchObject({
      signatureValid: true,
      id,
      inResponseTo: '_req1',
      destination: SLO,
      status: SUCCESS,
      relayState: 'r/1',
      xml,
    });
    expect(idp.readRedirectLogoutResponse(url, readKey('other', 'cert')).signatureValid).toBe(
      false,
    );
  });

  it('redirectLogoutResponseUrl with sign:false has no signature', () => {
    const { xml } = idp.buildLogoutResponse({ inResponseTo: '_req1', sign: false });
    const url = idp.redirectLogoutResponseUrl(SLO, xml, undefined, { sign: false });
    expect(url).not.toContain('Signature=');
    expect(idp.readRedirectLogoutResponse(url, idpCert).signatureValid).toBe(false);
  });

  it('postLogoutResponseFields: SAMLResponse in base64 and RelayState', () => {
    const { xml } = idp.buildLogoutResponse({ inResponseTo: '_req1' });
    const fields = idp.postLogoutResponseFields(xml, 'r1');
    expect(fields).toEqual({ SAMLResponse: Buffer.from(xml).toString('base64'), RelayState: 'r1' });
    expect(idp.postLogoutResponseFields(xml)).toEqual({ SAMLResponse: fields.SAMLResponse });
  });

  it('soapLogoutResponse: the signed response in a SOAP 1.1 (default) or 1.2 envelope', () => {
    const { xml } = idp.buildLogoutResponse({ inResponseTo: '_req1' });
    expect(idp.soapLogoutResponse(xml)).toEqual({
      envelope: soapEnvelope(xml, '1.1'),
      contentType: 'text/xml; charset=utf-8',
    });
    const soap12 = idp.soapLogoutResponse(xml, '1.2');
    expect(soap12.contentType).toBe('application/soap+xml; charset=utf-8');
    expect(idp.readLogoutResponse(soap12.envelope, idpCert).signatureValid).toBe(true);
  });
});
