import { DOMParser } from '@xmldom/xmldom';
import { createTestIdp, type TestIdp } from '../../lib/testing';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

function elementChildren(el: Element): Element[] {
  return Array.from(el.childNodes).filter((n): n is Element => n.nodeType === 1);
}

describe('buildLogoutRequest: message content', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    idp = await createTestIdp();
  });

  it('carries every attribute and element asked for, Signature right after Issuer', () => {
    const issueInstant = new Date('2030-01-02T03:04:05.000Z');
    const notOnOrAfter = new Date('2030-01-02T03:09:05.000Z');
    const { id, xml } = idp.buildLogoutRequest({
      destination: 'https://sp.test/slo',
      nameID: 'alice',
      nameIDFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      nameQualifier: 'https://idp.test/metadata',
      spNameQualifier: 'https://sp.test/metadata',
      sessionIndexes: ['_a', '_b'],
      issueInstant,
      notOnOrAfter,
      reason: 'urn:oasis:names:tc:SAML:2.0:logout:admin',
    });
    expect(id).toMatch(/^_[0-9a-f]{40}$/);
    const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
    expect([root.namespaceURI, root.localName]).toEqual([SAMLP, 'LogoutRequest']);
    expect(root.getAttribute('ID')).toBe(id);
    expect(root.getAttribute('Version')).toBe('2.0');
    expect(root.getAttribute('IssueInstant')).toBe(issueInstant.toISOString());
    expect(root.getAttribute('NotOnOrAfter')).toBe(notOnOrAfter.toISOString());
    expect(root.getAttribute('Destination')).toBe('https://sp.test/slo');
    expect(root.getAttribute('Reason')).toBe('urn:oasis:names:tc:SAML:2.0:logout:admin');
    const children = elementChildren(root).map((el) => `${el.namespaceURI} ${el.localName}`);
    expect(children).toEqual([
      `${SAML} Issuer`,
      `${DS} Signature`,
      `${SAML} NameID`,
      `${SAMLP} SessionIndex`,
      `${SAMLP} SessionIndex`,
    ]);
    const nameID = elementChildren(root)[2];
    expect(nameID?.getAttribute('Format')).toBe(
      'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    );
    expect(nameID?.getAttribute('NameQualifier')).toBe('https://idp.test/metadata');
    expect(nameID?.getAttribute('SPNameQualifier')).toBe('https://sp.test/metadata');
    expect(elementChildren(root)[0]?.textContent).toBe(idp.entityID);
    expect(xml).toContain(`<ds:Reference URI="#${id}">`);
    expect(xml).toContain('http://www.w3.org/2001/10/xml-exc-c14n#');
    expect(xml).toContain('<ds:X509Certificate>');
  });

  it('honours id and issuer overrides and omits optional attributes', () => {
    const { id, xml } = idp.buildLogoutRequest({
      nameID: 'x',
      id: '_fixed',
      issuer: 'https://evil.test',
      sign: false,
    });
    expect(id).toBe('_fixed');
    const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
    expect(elementChildren(root)[0]?.textContent).toBe('https://evil.test');
    for (const name of ['Destination', 'NotOnOrAfter', 'Reason'])
      expect(root.hasAttribute(name)).toBe(false);
    expect(root.getElementsByTagNameNS(SAMLP, 'SessionIndex')).toHaveLength(0);
  });
});
