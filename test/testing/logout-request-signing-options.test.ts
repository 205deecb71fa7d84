import { createTestIdp, type TestIdp } from '../../lib/testing';
import { readKey } from './support/keys';
import { requireXmlsec1, xmlsec1Verify } from '../support/xmlsec1';

describe('buildLogoutRequest: sign:false and signWith', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    requireXmlsec1();
    idp = await createTestIdp({
      privateKey: readKey('idp', 'key'),
      certificate: readKey('idp', 'cert'),
    });
  });

  it('sign:false returns the request without ds:Signature', () => {
    const { xml } = idp.buildLogoutRequest({
      nameID: 'alice',
      sessionIndexes: ['_s1'],
      sign: false,
    });
    expect(xml).not.toContain('Signature');
    expect(xml).toContain('<saml:NameID>alice</saml:NameID>');
  });

  it('signWith signs with the other key: fails with the IdP cert, verifies with the other cert', () => {
    const { xml } = idp.buildLogoutRequest({
      nameID: 'alice',
      signWith: { privateKey: readKey('other', 'key'), certificate: readKey('other', 'cert') },
    });
    expect(xmlsec1Verify(xml, idp.certificate).ok).toBe(false);
    expect(xmlsec1Verify(xml, readKey('other', 'cert')).ok).toBe(true);
  });
});
