/**
 * What saml-slo remembers about one SAML login, in the session and in the session
 * index. Field names follow node-saml's `Profile` (`nameID`, `nameIDFormat`, …) so
 * they read the same at the boundary.
 *
 * @example
 * ```ts
 * const record: LoginRecord = {
 *   issuer: 'https://idp.example.com/metadata',
 *   nameID: 'alice@example.com',
 *   nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
 *   sessionIndexes: ['_sess-1'],
 *   authnInstant: '2026-11-22T10:00:00Z',
 * };
 * ```
 */
export interface LoginRecord {
  /** The IdP's entityID (the assertion's Issuer). */
  readonly issuer: string;
  /** The NameID value. */
  readonly nameID: string;
  /** The NameID Format; absent means `urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified`. */
  readonly nameIDFormat?: string;
  /** The NameID's NameQualifier, if the IdP sent one. */
  readonly nameQualifier?: string;
  /** The NameID's SPNameQualifier, if the IdP sent one. */
  readonly spNameQualifier?: string;
  /** Every SessionIndex of the assertion's AuthnStatements (possibly empty). */
  readonly sessionIndexes: readonly string[];
  /** AuthnInstant of the (first) AuthnStatement. */
  readonly authnInstant?: string;
  /** SessionNotOnOrAfter of the (first) AuthnStatement, if any. */
  readonly sessionNotOnOrAfter?: string;
}

/**
 * The NameID Format SAML assumes when none is given.
 *
 * @example
 * ```ts
 * const format = login.nameIDFormat ?? UNSPECIFIED_NAME_ID_FORMAT;
 * ```
 */
export const UNSPECIFIED_NAME_ID_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
