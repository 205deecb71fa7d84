import { DOMParser } from '@xmldom/xmldom';
import { createTestIdp, escapeXml, type TestIdp } from '../../lib/testing';

const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const nasty = `a<b&c"d'e>`;

describe('escaping: interpolated values round-trip through an XML parser', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    idp = await createTestIdp({ entityID: `https://idp.test/?a=1&b="2"` });
  });

  it('escapeXml escapes & < > " \'', () => {
    expect(escapeXml(nasty)).toBe('a&lt;b&amp;c&quot;d&apos;e&gt;');
  });

  it.each([true, false])(
    'LogoutRequest (signed: %s) keeps NameID, qualifiers, session index, issuer',
    (sign) => {
      const { xml } = idp.buildLogoutRequest({
        nameID: nasty,
        nameQualifier: nasty,
        sessionIndexes: [nasty],
        destination: `https://sp.test/slo?x=1&y="<>"`,
        sign,
      });
      const doc = new DOMParser().parseFromString(xml, 'text/xml');
      const nameID = doc.getElementsByTagNameNS(SAML, 'NameID')[0];
      expect(nameID?.textContent).toBe(nasty);
      expect(nameID?.getAttribute('NameQualifier')).toBe(nasty);
      expect(doc.getElementsByTagNameNS(SAMLP, 'SessionIndex')[0]?.textContent).toBe(nasty);
      expect(doc.getElementsByTagNameNS(SAML, 'Issuer')[0]?.textContent).toBe(idp.entityID);
      expect(doc.documentElement.getAttribute('Destination')).toBe(
        `https://sp.test/slo?x=1&y="<>"`,
      );
    },
  );

  it('login Response keeps NameID, session index and attribute values', () => {
    const { xml } = idp.buildLoginResponse({
      acsUrl: 'https://sp.test/acs?a=1&b=2',
      spEntityID: nasty,
      nameID: nasty,
      sessionIndexes: [nasty],
      attributes: { [nasty]: nasty },
    });
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    expect(doc.getElementsByTagNameNS(SAML, 'NameID')[0]?.textContent).toBe(nasty);
    expect(
      doc.getElementsByTagNameNS(SAML, 'AuthnStatement')[0]?.getAttribute('SessionIndex'),
    ).toBe(nasty);
    expect(doc.getElementsByTagNameNS(SAML, 'Audience')[0]?.textContent).toBe(nasty);
    const attribute = doc.getElementsByTagNameNS(SAML, 'Attribute')[0];
    expect(attribute?.getAttribute('Name')).toBe(nasty);
    expect(attribute?.textContent).toBe(nasty);
  });
});
