import { createTestIdp, type TestIdp } from '../../lib/testing';
import { readKey } from './support/keys';
import { requireXmlsec1, xmlsec1Verify } from '../support/xmlsec1';

describe('buildLogoutRequest: the signature verifies with the independent xmlsec1', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    requireXmlsec1();
    idp = await createTestIdp({
      privateKey: readKey('idp', 'key'),
      certificate: readKey('idp', 'cert'),
    });
  });

  const input = {
    destination: 'https://sp.test/saml/slo',
    nameID: 'alice',
    sessionIndexes: ['_s1', '_s2'],
    reason: 'urn:oasis:names:tc:SAML:2.0:logout:user',
  };

  it('a signed LogoutRequest verifies against the IdP certificate', () => {
    const { xml } = idp.buildLogoutRequest(input);
    const result = xmlsec1Verify(xml, idp.certificate);
    expect(result.output).toContain('OK');
    expect(result.ok).toBe(true);
  });

  it('a LogoutRequest tampered after signing (NameID changed) fails', () => {
    const { xml } = idp.buildLogoutRequest(input);
    const tampered = xml.replace('>alice</saml:NameID>', '>mallory</saml:NameID>');
    expect(tampered).not.toBe(xml);
    expect(xmlsec1Verify(tampered, idp.certificate).ok).toBe(false);
  });

  it.each(['1.1', '1.2'] as const)(
    'a LogoutRequest inside a SOAP %s envelope verifies in place',
    (soapVersion) => {
      const { envelope } = idp.buildSoapLogoutRequest({ ...input, soapVersion });
      expect(xmlsec1Verify(envelope, idp.certificate).ok).toBe(true);
      const tampered = envelope.replace('>alice</saml:NameID>', '>mallory</saml:NameID>');
      expect(xmlsec1Verify(tampered, idp.certificate).ok).toBe(false);
    },
  );

  it.each(['rsa-sha1', 'rsa-sha512'] as const)(
    'signs with %s when the IdP is configured so',
    async (signatureAlgorithm) => {
      const other = await createTestIdp({
        privateKey: idp.privateKey,
        certificate: idp.certificate,
        signatureAlgorithm,
      });
      const { xml } = other.buildLogoutRequest(input);
      expect(xml).toContain(`${signatureAlgorithm}"`);
      expect(xmlsec1Verify(xml, idp.certificate).ok).toBe(true);
    },
  );
});
