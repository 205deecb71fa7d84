import { SAML } from '@node-saml/node-saml';
import { createTestIdp, type TestIdp } from '../../lib/testing';
import { readKey } from './support/keys';

const acsUrl = 'https://sp.test/saml/acs';
const spEntityID = 'https://sp.test/metadata';
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

function spFor(idp: TestIdp): SAML {
  return new SAML({
    idpCert: idp.certificate,
    issuer: spEntityID,
    audience: spEntityID,
    callbackUrl: acsUrl,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
  });
}

describe('buildLoginResponse: @node-saml/node-saml accepts the signed login Response', () => {
  let idp: TestIdp;
  beforeAll(async () => {
    idp = await createTestIdp({
      privateKey: readKey('idp', 'key'),
      certificate: readKey('idp', 'cert'),
    });
  });

  it('yields the profile with nameID, format, issuer and session index', async () => {
    const { base64 } = idp.buildLoginResponse({
      acsUrl,
      spEntityID,
      nameID: 'alice@example.com',
      nameIDFormat: EMAIL,
      nameQualifier: idp.entityID,
      spNameQualifier: spEntityID,
      sessionIndexes: ['_session-1'],
      inResponseTo: '_req1',
      sessionNotOnOrAfter: new Date(Date.now() + 3_600_000),
      attributes: { email: 'alice@example.com' },
    });
    const { profile, loggedOut } = await spFor(idp).validatePostResponseAsync({
      SAMLResponse: base64,
    });
    expect(loggedOut).toBe(false);
    expect(profile).toMatchObject({
      nameID: 'alice@example.com',
      nameIDFormat: EMAIL,
      nameQualifier: idp.entityID,
      spNameQualifier: spEntityID,
      issuer: idp.entityID,
      sessionIndex: '_session-1',
      email: 'alice@example.com',
    });
  });

  it('keeps one AuthnStatement per session index (node-saml reports only the first)', async () => {
    const { base64 } = idp.buildLoginResponse({
      acsUrl,
      spEntityID,
      nameID: 'bob',
      sessionIndexes: ['_s-first', '_s-second'],
    });
    const { profile } = await spFor(idp).validatePostResponseAsync({ SAMLResponse: base64 });
    expect(profile?.sessionIndex).toBe('_s-first');
    const assertionXml = profile?.getAssertionXml?.() ?? '';
    expect(assertionXml).toContain('SessionIndex="_s-first"');
    expect(assertionXml).toContain('SessionIndex="_s-second"');
    expect(assertionXml.match(/<saml:AuthnStatement /g)).toHaveLength(2);
  });

  it('works with a generated key pair and rsa-sha1 / rsa-sha512', async () => {
    for (const signatureAlgorithm of ['rsa-sha1', 'rsa-sha512'] as const) {
      const generated = await createTestIdp({ signatureAlgorithm });
      const { base64 } = generated.buildLoginResponse({
        acsUrl,
        spEntityID,
        nameID: 'c',
        sessionIndexes: ['_s'],
      });
      const { profile } = await spFor(generated).validatePostResponseAsync({
        SAMLResponse: base64,
      });
      expect(profile?.nameID).toBe('c');
    }
  });

  it('is rejected by an SP that trusts another IdP certificate', async () => {
    const { base64 } = idp.buildLoginResponse({
      acsUrl,
      spEntityID,
      nameID: 'd',
      sessionIndexes: ['_s'],
    });
    const other = await createTestIdp({
      privateKey: readKey('other', 'key'),
      certificate: readKey('other', 'cert'),
    });
    await expect(spFor(other).validatePostResponseAsync({ SAMLResponse: base64 })).rejects.toThrow(
      /signature/i,
    );
  });
});
