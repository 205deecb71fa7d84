import { DOMParser } from '@xmldom/xmldom';
import { signXml } from '../../lib/testing';
import { readKey } from './support/keys';
import { xmlsec1Verify } from '../support/xmlsec1';

const key = { privateKey: readKey('sp', 'key'), certificate: readKey('sp', 'cert') };
const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';

function childNames(xml: string): string[] {
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
  return Array.from(root.childNodes)
    .filter((n): n is Element => n.nodeType === 1)
    .map((el) => el.localName);
}

describe('signXml', () => {
  it('puts the signature right after saml:Issuer; xmlsec1 verifies it', () => {
    const xml = `<samlp:LogoutResponse xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="_r" Version="2.0"><saml:Issuer>sp</saml:Issuer><samlp:Status/></samlp:LogoutResponse>`;
    const signed = signXml(xml, { ...key, referenceId: '_r' });
    expect(childNames(signed)).toEqual(['Issuer', 'Signature', 'Status']);
    expect(xmlsec1Verify(signed, key.certificate, `${SAMLP}:LogoutResponse`).ok).toBe(true);
  });

  it('makes the signature the first child when there is no Issuer', () => {
    const signed = signXml(
      `<samlp:LogoutResponse xmlns:samlp="${SAMLP}" ID="_r"><samlp:Status/></samlp:LogoutResponse>`,
      {
        ...key,
        referenceId: '_r',
      },
    );
    expect(childNames(signed)).toEqual(['Signature', 'Status']);
  });

  it('rejects a referenceId that is not an NCName or not exactly one element', () => {
    const xml = `<a ID="_x"><b ID="_y"/><c ID="_y"/></a>`;
    expect(() => signXml(xml, { ...key, referenceId: "_x' or '1'='1" })).toThrow(/NCName/);
    expect(() => signXml(xml, { ...key, referenceId: '_missing' })).toThrow(/exactly one/);
    expect(() => signXml(xml, { ...key, referenceId: '_y' })).toThrow(/exactly one/);
  });
});
