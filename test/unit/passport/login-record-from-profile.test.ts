import { SAML, type Profile } from '@node-saml/node-saml';
import { SloErrorCode } from '../../../lib/errors';
import { loginRecordFromProfile } from '../../../lib/passport/login-record-from-profile';
import { createTestIdp } from '../../../lib/testing';
import { keys } from '../../support/keys';
import { caughtSloErrorSync } from '../support/slo-error';

const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const IDP = 'https://idp.test/metadata';
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

function authnStatement(attributes: Record<string, string>): string {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${value}"`)
    .join('');
  return (
    `<saml:AuthnStatement${attrs}><saml:AuthnContext><saml:AuthnContextClassRef>` +
    `urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport` +
    `</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
  );
}

function assertionXml(statements: string[], prefix = 'saml'): string {
  const xml =
    `<saml:Assertion xmlns:saml="${SAML_NS}" ID="_a1" Version="2.0" IssueInstant="2026-01-01T10:00:00Z">` +
    `<saml:Issuer>${IDP}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${EMAIL}">alice@example.com</saml:NameID></saml:Subject>` +
    statements.join('') +
    `</saml:Assertion>`;
  return prefix === 'saml'
    ? xml
    : xml.replace(/saml:/g, `${prefix}:`).replace('xmlns:saml=', `xmlns:${prefix}=`);
}

function profile(overrides: Partial<Profile> = {}): Profile {
  return {
    issuer: IDP,
    nameID: 'alice@example.com',
    nameIDFormat: EMAIL,
    ...overrides,
  };
}

describe('loginRecordFromProfile', () => {
  describe('with the assertion XML (getAssertionXml)', () => {
    const twoStatements = assertionXml([
      authnStatement({
        AuthnInstant: '2026-01-01T10:00:00Z',
        SessionIndex: '_s1',
        SessionNotOnOrAfter: '2026-01-01T18:00:00Z',
      }),
      authnStatement({ AuthnInstant: '2026-01-01T10:00:01Z', SessionIndex: '_s2' }),
    ]);

    it('records the SessionIndex of every AuthnStatement, not only the first', () => {
      const record = loginRecordFromProfile(
        profile({ sessionIndex: '_s1', getAssertionXml: () => twoStatements }),
      );
      expect(record.sessionIndexes).toEqual(['_s1', '_s2']);
    });

    it('records AuthnInstant and SessionNotOnOrAfter of the first AuthnStatement', () => {
      const record = loginRecordFromProfile(profile({ getAssertionXml: () => twoStatements }));
      expect(record.authnInstant).toBe('2026-01-01T10:00:00Z');
      expect(record.sessionNotOnOrAfter).toBe('2026-01-01T18:00:00Z');
    });

    it('returns the whole record', () => {
      const record = loginRecordFromProfile(
        profile({
          nameQualifier: IDP,
          spNameQualifier: 'https://sp.test/metadata',
          sessionIndex: '_s1',
          getAssertionXml: () => twoStatements,
        }),
      );
      expect(record).toEqual({
        issuer: IDP,
        nameID: 'alice@example.com',
        nameIDFormat: EMAIL,
        nameQualifier: IDP,
        spNameQualifier: 'https://sp.test/metadata',
        sessionIndexes: ['_s1', '_s2'],
        authnInstant: '2026-01-01T10:00:00Z',
        sessionNotOnOrAfter: '2026-01-01T18:00:00Z',
      });
    });

    it('reads assertions under any prefix (saml2:)', () => {
      const record = loginRecordFromProfile(
        profile({
          getAssertionXml: () => assertionXml([authnStatement({ SessionIndex: '_x' })], 'saml2'),
        }),
      );
      expect(record.sessionIndexes).toEqual(['_x']);
    });

    it('records a repeated SessionIndex once', () => {
      const xml = assertionXml([
        authnStatement({ SessionIndex: '_s1' }),
        authnStatement({ SessionIndex: '_s1' }),
      ]);
      expect(
        loginRecordFromProfile(profile({ getAssertionXml: () => xml })).sessionIndexes,
      ).toEqual(['_s1']);
    });

    it('falls back to profile.sessionIndex when no AuthnStatement carries one', () => {
      const xml = assertionXml([authnStatement({ AuthnInstant: '2026-01-01T10:00:00Z' })]);
      const record = loginRecordFromProfile(
        profile({ sessionIndex: '_from-profile', getAssertionXml: () => xml }),
      );
      expect(record.sessionIndexes).toEqual(['_from-profile']);
      expect(record.authnInstant).toBe('2026-01-01T10:00:00Z');
    });

    it('records no SessionIndex when neither the assertion nor the profile has one', () => {
      const xml = assertionXml([]);
      const record = loginRecordFromProfile(profile({ getAssertionXml: () => xml }));
      expect(record.sessionIndexes).toEqual([]);
      expect(record.authnInstant).toBeUndefined();
      expect(record.sessionNotOnOrAfter).toBeUndefined();
    });
  });

  describe('without getAssertionXml', () => {
    it('falls back to profile.sessionIndex', () => {
      const record = loginRecordFromProfile(profile({ sessionIndex: '_only' }));
      expect(record.sessionIndexes).toEqual(['_only']);
      expect(record.authnInstant).toBeUndefined();
    });

    it('records no SessionIndex when the profile has none', () => {
      expect(loginRecordFromProfile(profile()).sessionIndexes).toEqual([]);
    });
  });

  describe('copies the NameID and its qualifiers', () => {
    it('Format, NameQualifier and SPNameQualifier when present', () => {
      const record = loginRecordFromProfile(
        profile({ nameQualifier: 'urn:q', spNameQualifier: 'urn:spq' }),
      );
      expect(record).toMatchObject({
        nameID: 'alice@example.com',
        nameIDFormat: EMAIL,
        nameQualifier: 'urn:q',
        spNameQualifier: 'urn:spq',
      });
    });

    it('leaves absent qualifiers out of the record', () => {
      const record = loginRecordFromProfile(profile({ nameIDFormat: '' }));
      expect(Object.keys(record).sort()).toEqual(['issuer', 'nameID', 'sessionIndexes']);
    });
  });

  describe('reads values as a LogoutRequest does, so its logout can match them', () => {
    it('trims the white space around the NameID (node-saml keeps it)', () => {
      expect(loginRecordFromProfile(profile({ nameID: '\n  alice@example.com  \n' })).nameID).toBe(
        'alice@example.com',
      );
    });

    it('trims the white space around every SessionIndex, from the assertion and the profile', () => {
      const xml = assertionXml([authnStatement({ SessionIndex: ' _s1 ' })]);
      expect(
        loginRecordFromProfile(profile({ getAssertionXml: () => xml })).sessionIndexes,
      ).toEqual(['_s1']);
      expect(loginRecordFromProfile(profile({ sessionIndex: '  _only ' })).sessionIndexes).toEqual([
        '_only',
      ]);
    });
  });

  describe('refuses a profile it cannot record (SLO_LOGIN_CAPTURE_FAILED)', () => {
    it.each([
      ['without nameID', { nameID: undefined }],
      ['with an empty nameID', { nameID: '' }],
      ['without issuer', { issuer: undefined }],
      ['with a NameID of white space only', { nameID: '  \n ' }],
      ['with a NameID over 1024 characters', { nameID: 'a'.repeat(1025) }],
      ['with a lone surrogate in the NameID', { nameID: 'alice\uD800' }],
      ['with a SessionIndex over 256 characters', { sessionIndex: 's'.repeat(257) }],
      ['with a lone surrogate in a SessionIndex', { sessionIndex: '_s\uDC00' }],
    ])('%s', (_name, overrides) => {
      const broken = { ...profile(), ...overrides } as unknown as Profile;
      expect(caughtSloErrorSync(() => loginRecordFromProfile(broken)).code).toBe(
        SloErrorCode.LoginCaptureFailed,
      );
    });

    it('that is not an object', () => {
      expect(
        caughtSloErrorSync(() => loginRecordFromProfile(null as unknown as Profile)).code,
      ).toBe(SloErrorCode.LoginCaptureFailed);
    });
  });

  it('reads every SessionIndex from a real node-saml Profile of a verified login', async () => {
    const idp = await createTestIdp({ entityID: IDP, ...keys.idp });
    const acsUrl = 'https://sp.test/saml/acs';
    const spEntityID = 'https://sp.test/metadata';
    const { base64 } = idp.buildLoginResponse({
      acsUrl,
      spEntityID,
      nameID: 'alice@example.com',
      nameIDFormat: EMAIL,
      sessionIndexes: ['_s1', '_s2'],
    });
    const saml = new SAML({
      idpCert: idp.certificate,
      issuer: spEntityID,
      audience: spEntityID,
      callbackUrl: acsUrl,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
    });
    const { profile: realProfile } = await saml.validatePostResponseAsync({ SAMLResponse: base64 });
    expect(realProfile?.sessionIndex).toBe('_s1'); // node-saml keeps only the first
    const record = loginRecordFromProfile(realProfile!);
    expect(record).toMatchObject({
      issuer: IDP,
      nameID: 'alice@example.com',
      nameIDFormat: EMAIL,
      sessionIndexes: ['_s1', '_s2'],
    });
    expect(record.authnInstant).toEqual(expect.any(String));
  });
});
