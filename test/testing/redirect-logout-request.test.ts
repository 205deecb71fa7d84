import { createPublicKey, verify } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { decodeRedirectQuery, verifyRedirectSignature } from '../../lib/bindings/redirect';
import { createTestIdp, readRedirectBindingUrl, type TestIdp } from '../../lib/testing';
import { readKey } from './support/keys';

const SLO = 'https://sp.test/saml/logout';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** The raw query and its parameters, undecoded, in order. */
function rawParameters(url: string): { query: string; params: [string, string][] } {
  const query = url.slice(url.indexOf('?') + 1);
  return {
    query,
    params: query.split('&').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]),
  };
}

describe('buildRedirectLogoutRequest: the HTTP-Redirect binding, query signed with the IdP key', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    idp = await createTestIdp({
      privateKey: readKey('idp', 'key'),
      certificate: readKey('idp', 'cert'),
    });
  });

  it('puts SAMLRequest, RelayState, SigAlg, Signature on the destination URL, in that order', () => {
    const { id, url, xml } = idp.buildRedirectLogoutRequest({
      destination: SLO,
      nameID: 'alice',
      sessionIndexes: ['_s1'],
      relayState: 'back to /app?x=1&y=2',
    });
    expect(url.startsWith(`${SLO}?`)).toBe(true);
    const { params } = rawParameters(url);
    expect(params.map(([name]) => name)).toEqual([
      'SAMLRequest',
      'RelayState',
      'SigAlg',
      'Signature',
    ]);
    const inflated = inflateRawSync(
      Buffer.from(decodeURIComponent(params[0]![1]), 'base64'),
    ).toString('utf8');
    expect(inflated).toBe(xml);
    expect(inflated).toContain(`ID="${id}"`);
    expect(inflated).toContain(`Destination="${SLO}"`);
    expect(inflated).not.toContain('Signature');
    expect(decodeURIComponent(params[1]![1])).toBe('back to /app?x=1&y=2');
    expect(decodeURIComponent(params[2]![1])).toBe(RSA_SHA256);
  });

  it('the signature covers the raw query octets and verifies with the IdP certificate (node:crypto)', () => {
    const { url } = idp.buildRedirectLogoutRequest({
      destination: SLO,
      nameID: 'alice',
      relayState: 'r',
    });
    const { query } = rawParameters(url);
    const signed = query.slice(0, query.indexOf('&Signature='));
    const signature = Buffer.from(
      decodeURIComponent(query.slice(query.indexOf('&Signature=') + '&Signature='.length)),
      'base64',
    );
    const idpKey = createPublicKey(readKey('idp', 'cert'));
    expect(verify('sha256', Buffer.from(signed), idpKey, signature)).toBe(true);
    expect(
      verify('sha256', Buffer.from(signed), createPublicKey(readKey('other', 'cert')), signature),
    ).toBe(false);
  });

  it("saml-slo's own Redirect decoder accepts it (a second, independent reader)", () => {
    const { url, xml } = idp.buildRedirectLogoutRequest({ destination: SLO, nameID: 'alice' });
    const message = decodeRedirectQuery(rawParameters(url).query, 262_144);
    expect(message.xml).toBe(xml);
    expect(() =>
      verifyRedirectSignature(message, [createPublicKey(readKey('idp', 'cert'))], {
        allowSha1: false,
      }),
    ).not.toThrow();
  });

  it('sign:false leaves out SigAlg and Signature', () => {
    const { url } = idp.buildRedirectLogoutRequest({
      destination: SLO,
      nameID: 'alice',
      sign: false,
    });
    expect(rawParameters(url).params.map(([name]) => name)).toEqual(['SAMLRequest']);
    expect(readRedirectBindingUrl(url, idp.certificate).signatureValid).toBe(false);
  });

  it('signatureAlgorithm rsa-sha1 and signWith choose the algorithm and key', () => {
    const { url } = idp.buildRedirectLogoutRequest({
      destination: SLO,
      nameID: 'alice',
      signatureAlgorithm: 'rsa-sha1',
      signWith: { privateKey: readKey('other', 'key'), certificate: readKey('other', 'cert') },
    });
    const read = readRedirectBindingUrl(url, readKey('other', 'cert'));
    expect(read.sigAlg).toBe('http://www.w3.org/2000/09/xmldsig#rsa-sha1');
    expect(read.signatureValid).toBe(true);
    expect(readRedirectBindingUrl(url, idp.certificate).signatureValid).toBe(false);
  });

  it('endpoint sends the request elsewhere than its Destination attribute', () => {
    const { url, xml } = idp.buildRedirectLogoutRequest({
      destination: 'https://elsewhere.test/slo',
      endpoint: SLO,
      nameID: 'alice',
    });
    expect(url.startsWith(`${SLO}?SAMLRequest=`)).toBe(true);
    expect(xml).toContain('Destination="https://elsewhere.test/slo"');
  });

  it('lowercasePercentEncoding sends and signs %2f-style escapes (as ADFS does)', () => {
    const { url } = idp.buildRedirectLogoutRequest({
      destination: SLO,
      nameID: 'alice',
      lowercasePercentEncoding: true,
    });
    expect(url).toContain('SigAlg=http%3a%2f%2fwww.w3.org%2f2001%2f04%2fxmldsig-more%23rsa-sha256');
    expect(url).not.toMatch(/%[0-9A-F][A-F]|%[A-F][0-9]/);
    expect(readRedirectBindingUrl(url, idp.certificate).signatureValid).toBe(true);
  });

  it('refuses to build without destination or endpoint', () => {
    expect(() => idp.buildRedirectLogoutRequest({ nameID: 'alice' })).toThrow(/destination/);
  });
});

describe('readRedirectBindingUrl: checks the query signature over the octets as received', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    idp = await createTestIdp({
      privateKey: readKey('idp', 'key'),
      certificate: readKey('idp', 'cert'),
    });
  });

  it('reads kind, XML and RelayState, and the signature verifies', () => {
    const { url, xml } = idp.buildRedirectLogoutRequest({
      destination: SLO,
      nameID: 'a',
      relayState: 'r 1',
    });
    expect(readRedirectBindingUrl(url, idp.certificate)).toEqual({
      kind: 'SAMLRequest',
      xml,
      relayState: 'r 1',
      sigAlg: RSA_SHA256,
      signatureValid: true,
    });
  });

  it('a re-encoded query (same decoded values, other octets) does not verify', () => {
    const { url } = idp.buildRedirectLogoutRequest({ destination: SLO, nameID: 'alice' });
    const reencoded = url.replace(/SigAlg=[^&]*/, (p) =>
      p.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
    );
    expect(reencoded).not.toBe(url);
    expect(readRedirectBindingUrl(reencoded, idp.certificate).signatureValid).toBe(false);
  });

  it('a changed RelayState does not verify', () => {
    const { url } = idp.buildRedirectLogoutRequest({
      destination: SLO,
      nameID: 'a',
      relayState: 'r1',
    });
    expect(
      readRedirectBindingUrl(url.replace('RelayState=r1', 'RelayState=r2'), idp.certificate)
        .signatureValid,
    ).toBe(false);
  });

  it('a parameter given twice is refused', () => {
    const { url } = idp.buildRedirectLogoutRequest({
      destination: SLO,
      nameID: 'a',
      relayState: 'r1',
    });
    expect(() => readRedirectBindingUrl(`${url}&RelayState=r2`, idp.certificate)).toThrow(/twice/);
  });
});
