import type { TestSignatureAlgorithm } from './signature-algorithms';

/**
 * A key pair that signs messages.
 *
 * @example
 * ```ts
 * const other: SigningKey = { privateKey: otherKeyPem, certificate: otherCertPem };
 * idp.buildLogoutRequest({ nameID: 'alice', signWith: other });
 * ```
 */
export interface SigningKey {
  /** PEM private key. */
  privateKey: string;
  /** PEM certificate, put in `ds:KeyInfo/ds:X509Data`. */
  certificate: string;
}

/**
 * Who issues and signs a message: the IdP's entityID, key pair and signature algorithm.
 *
 * @example
 * ```ts
 * const signer: IdpSigner = {
 *   entityID: 'https://idp.test/metadata',
 *   privateKey,
 *   certificate,
 *   signatureAlgorithm: 'rsa-sha256',
 * };
 * ```
 */
export interface IdpSigner extends SigningKey {
  /** Issuer of the messages. */
  entityID: string;
  /** Algorithm of every signature. */
  signatureAlgorithm: TestSignatureAlgorithm;
}
