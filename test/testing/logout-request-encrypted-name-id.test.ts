import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { decrypt } from 'xml-encryption';
import { createTestIdp, type NameIDEncryptionAlgorithm, type TestIdp } from '../../lib/testing';
import { readKey } from './support/keys';
import { requireXmlsec1, xmlsec1Verify } from '../support/xmlsec1';

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const XENC = 'http://www.w3.org/2001/04/xmlenc#';

function decryptAsync(xml: string, key: string): Promise<string> {
  return new Promise((resolve, reject) => {
    decrypt(xml, { key }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

describe('buildLogoutRequest: encryptNameIDFor replaces NameID by an EncryptedID', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    requireXmlsec1();
    idp = await createTestIdp({
      privateKey: readKey('idp', 'key'),
      certificate: readKey('idp', 'cert'),
    });
  });

  it.each<NameIDEncryptionAlgorithm>(['aes256-cbc', 'aes128-gcm'])(
    'with %s it decrypts (xml-encryption + SP key) back to the NameID element',
    async (algorithm) => {
      const { xml } = idp.buildLogoutRequest({
        nameID: 'alice <&> "x"',
        nameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
        spNameQualifier: 'https://sp.test/metadata',
        sessionIndexes: ['_s1'],
        encryptNameIDFor: { certificate: readKey('sp', 'cert'), algorithm },
      });
      expect(xml).not.toContain('<saml:NameID');
      expect(xml).not.toContain('alice');
      const doc = new DOMParser().parseFromString(xml, 'text/xml');
      const encryptedIDs = doc.getElementsByTagNameNS(SAML, 'EncryptedID');
      expect(encryptedIDs).toHaveLength(1);
      const encryptedData = encryptedIDs[0]?.getElementsByTagNameNS(XENC, 'EncryptedData')[0];
      expect(encryptedData).toBeDefined();

      const decrypted = await decryptAsync(
        new XMLSerializer().serializeToString(encryptedData!),
        readKey('sp', 'key'),
      );
      const nameID = new DOMParser().parseFromString(decrypted, 'text/xml').documentElement;
      expect([nameID.namespaceURI, nameID.localName]).toEqual([SAML, 'NameID']);
      expect(nameID.textContent).toBe('alice <&> "x"');
      expect(nameID.getAttribute('Format')).toBe(
        'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      );
      expect(nameID.getAttribute('SPNameQualifier')).toBe('https://sp.test/metadata');

      expect(xmlsec1Verify(xml, idp.certificate).ok).toBe(true);
    },
  );

  it('cannot be decrypted with another private key', async () => {
    const { xml } = idp.buildLogoutRequest({
      nameID: 'alice',
      encryptNameIDFor: { certificate: readKey('sp', 'cert') },
    });
    await expect(decryptAsync(xml, readKey('other', 'key'))).rejects.toThrow();
  });
});
