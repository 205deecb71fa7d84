/**
 * A LogoutRequest that passed every check of design §6: signed by a configured IdP,
 * addressed to this endpoint, fresh, never seen before, NameID decrypted.
 *
 * @example
 * ```ts
 * const request: VerifiedLogoutRequest = await verifyLogoutRequest(element, context);
 * request.sessionIndexes; // ['_s1', '_s2'] or [] (= every session of the user)
 * ```
 */
export interface VerifiedLogoutRequest {
  readonly id: string;
  readonly issuer: string;
  readonly issueInstant: Date;
  readonly destination?: string;
  readonly notOnOrAfter?: Date;
  readonly reason?: string;
  readonly nameID: string;
  readonly nameIDFormat?: string;
  readonly nameQualifier?: string;
  readonly spNameQualifier?: string;
  /** Every SessionIndex in the request; empty means all of the user's sessions. */
  readonly sessionIndexes: readonly string[];
  /** True when the NameID arrived as an EncryptedID. */
  readonly nameIDWasEncrypted: boolean;
}
