// The one file of saml-slo that imports @node-saml/node-saml (design §3): it reads the
// Profile node-saml produced for a verified login and turns it into our LoginRecord.
import type { Profile } from '@node-saml/node-saml';
import { SloError, SloErrorCode } from '../errors';
import type { LoginRecord } from '../session-index/login-record';
import { NS } from '../protocol/xml/namespaces';
import { childrenNamed, optionalAttribute } from '../protocol/xml/dom';
import { parseUntrustedXml } from '../protocol/xml/parse-xml';

/**
 * Builds the {@link LoginRecord} of a login from node-saml's `Profile`. node-saml keeps
 * only the first SessionIndex, so every AuthnStatement's SessionIndex (and the
 * AuthnInstant, SessionNotOnOrAfter) is read from the verified assertion XML.
 *
 * @throws {SloError} `SLO_LOGIN_CAPTURE_FAILED` when the profile has no issuer or NameID.
 * @example
 * ```ts
 * const record = loginRecordFromProfile(profile);
 * record.sessionIndexes; // ['_s1', '_s2']
 * ```
 */
export function loginRecordFromProfile(profile: Profile): LoginRecord {
  if (
    !profile ||
    typeof profile.issuer !== 'string' ||
    typeof profile.nameID !== 'string' ||
    profile.nameID === ''
  ) {
    throw new SloError(SloErrorCode.LoginCaptureFailed, 'the SAML profile has no issuer or NameID');
  }
  const statements = readAuthnStatements(profile);
  const sessionIndexes = statements.map((s) => s.sessionIndex).filter((s): s is string => !!s);
  if (sessionIndexes.length === 0 && profile.sessionIndex)
    sessionIndexes.push(profile.sessionIndex);
  const first = statements[0];
  return {
    issuer: profile.issuer,
    nameID: profile.nameID,
    ...(profile.nameIDFormat ? { nameIDFormat: profile.nameIDFormat } : {}),
    ...(profile.nameQualifier ? { nameQualifier: profile.nameQualifier } : {}),
    ...(profile.spNameQualifier ? { spNameQualifier: profile.spNameQualifier } : {}),
    sessionIndexes: [...new Set(sessionIndexes)],
    ...(first?.authnInstant ? { authnInstant: first.authnInstant } : {}),
    ...(first?.sessionNotOnOrAfter ? { sessionNotOnOrAfter: first.sessionNotOnOrAfter } : {}),
  };
}

/** node-saml's profile of a verified login, as the rest of saml-slo sees it. */
export type SamlProfile = Profile;

interface AuthnStatementParts {
  readonly sessionIndex?: string;
  readonly authnInstant?: string;
  readonly sessionNotOnOrAfter?: string;
}

function readAuthnStatements(profile: Profile): AuthnStatementParts[] {
  const xml = typeof profile.getAssertionXml === 'function' ? profile.getAssertionXml() : undefined;
  if (!xml) return [];
  const assertion = parseUntrustedXml(xml, {
    maxChars: 1024 * 1024,
    maxDepth: 64,
    maxNodes: 100_000,
    maxNamespaceDeclarations: 1000,
  }).documentElement;
  return childrenNamed(assertion, NS.saml, 'AuthnStatement').map((statement) => {
    const sessionIndex = optionalAttribute(statement, 'SessionIndex');
    const authnInstant = optionalAttribute(statement, 'AuthnInstant');
    const sessionNotOnOrAfter = optionalAttribute(statement, 'SessionNotOnOrAfter');
    return {
      ...(sessionIndex ? { sessionIndex } : {}),
      ...(authnInstant ? { authnInstant } : {}),
      ...(sessionNotOnOrAfter ? { sessionNotOnOrAfter } : {}),
    };
  });
}
