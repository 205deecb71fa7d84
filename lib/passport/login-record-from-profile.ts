// The one file of saml-slo that imports @node-saml/node-saml (design §3): it reads the
// Profile node-saml produced for a verified login and turns it into our LoginRecord.
import type { Profile } from '@node-saml/node-saml';
import { SloError, SloErrorCode } from '../errors';
import type { LoginRecord } from '../session-index/login-record';
import { NS } from '../protocol/xml/namespaces';
import { childrenNamed, optionalAttribute } from '../protocol/xml/dom';
import { parseUntrustedXml } from '../protocol/xml/parse-xml';
import {
  MAX_NAME_ID_CHARS,
  MAX_SESSION_INDEX_CHARS,
  MAX_SESSION_INDEXES,
  usableIdentifier,
} from '../protocol/logout-request/identifier-limits';

/**
 * Builds the {@link LoginRecord} of a login from node-saml's `Profile`. node-saml keeps
 * only the first SessionIndex, so every AuthnStatement's SessionIndex (and the
 * AuthnInstant, SessionNotOnOrAfter) is read from the verified assertion XML.
 *
 * NameID and SessionIndex values are trimmed, as a LogoutRequest's are, and must meet the
 * limits a LogoutRequest must meet (`identifier-limits.ts`).
 *
 * @throws {SloError} `SLO_LOGIN_CAPTURE_FAILED` when the profile has no issuer or NameID,
 * or a NameID or SessionIndex no LogoutRequest could name.
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
    profile.nameID.trim() === ''
  ) {
    throw new SloError(SloErrorCode.LoginCaptureFailed, 'the SAML profile has no issuer or NameID');
  }
  // Trimmed as a LogoutRequest's values are (readNameId, verifyLogoutRequest): node-saml
  // keeps the white space around a NameID, and an IdP that pretty-prints its XML would
  // otherwise record a login no LogoutRequest could match.
  const nameID = profile.nameID.trim();
  const statements = readAuthnStatements(profile);
  const sessionIndexes = statements
    .map((s) => s.sessionIndex?.trim())
    .filter((s): s is string => !!s);
  const fallback = profile.sessionIndex?.trim();
  if (sessionIndexes.length === 0 && fallback) sessionIndexes.push(fallback);
  const unique = [...new Set(sessionIndexes)];
  // The limits a LogoutRequest must meet: a login recorded beyond them could never be
  // ended by the IdP, so it is refused instead.
  if (!usableIdentifier(nameID, MAX_NAME_ID_CHARS)) {
    throw new SloError(
      SloErrorCode.LoginCaptureFailed,
      `the NameID is not 1 to ${MAX_NAME_ID_CHARS} characters of well-formed text: no LogoutRequest could name it`,
    );
  }
  if (
    unique.length > MAX_SESSION_INDEXES ||
    unique.some((s) => !usableIdentifier(s, MAX_SESSION_INDEX_CHARS))
  ) {
    throw new SloError(
      SloErrorCode.LoginCaptureFailed,
      `SessionIndex values must be 1 to ${MAX_SESSION_INDEX_CHARS} characters of well-formed text, at most ${MAX_SESSION_INDEXES} of them: no LogoutRequest could name this one`,
    );
  }
  const first = statements[0];
  return {
    issuer: profile.issuer,
    nameID,
    ...(profile.nameIDFormat ? { nameIDFormat: profile.nameIDFormat } : {}),
    ...(profile.nameQualifier ? { nameQualifier: profile.nameQualifier } : {}),
    ...(profile.spNameQualifier ? { spNameQualifier: profile.spNameQualifier } : {}),
    sessionIndexes: unique,
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
