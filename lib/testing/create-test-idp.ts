import {
  buildLoginResponse,
  type LoginResponseInput,
  type LoginResponseResult,
} from './build-login-response';
import {
  buildLogoutRequest,
  type LogoutRequestInput,
  type LogoutRequestResult,
} from './build-logout-request';
import {
  buildSoapLogoutRequest,
  type SoapLogoutRequestInput,
  type SoapLogoutRequestResult,
} from './build-soap-logout-request';
import { readLogoutResponse, type LogoutResponseReadout } from './read-logout-response';
import { generateKeyPair } from './generate-key-pair';
import type { TestSignatureAlgorithm } from './signature-algorithms';
import type { IdpSigner, SigningKey } from './signer';

/**
 * Options of {@link createTestIdp}.
 *
 * @example
 * ```ts
 * const options: TestIdpOptions = { entityID: 'https://idp.example/metadata', signatureAlgorithm: 'rsa-sha1' };
 * ```
 */
export interface TestIdpOptions {
  /** The IdP's entityID, used as `saml:Issuer`. Default `https://idp.test/metadata`. */
  entityID?: string;
  /** PEM private key. With `certificate`; when both are absent a fresh RSA-2048 pair is generated. */
  privateKey?: string;
  /** PEM certificate matching `privateKey`. */
  certificate?: string;
  /** Default `rsa-sha256` (digest SHA-256; SHA-1 for `rsa-sha1`). */
  signatureAlgorithm?: TestSignatureAlgorithm;
}

/**
 * A signing SAML Identity Provider for tests. Create it with {@link createTestIdp}.
 *
 * @example
 * ```ts
 * const idp: TestIdp = await createTestIdp();
 * const { xml } = idp.buildLogoutRequest({ destination: sloUrl, nameID: 'alice', sessionIndexes: ['_s1'] });
 * ```
 */
export interface TestIdp {
  /** The IdP's entityID (Issuer of every message). */
  readonly entityID: string;
  /** PEM certificate; give it to the SP as the IdP certificate (`idpCert`). */
  readonly certificate: string;
  /** PEM private key that signs. */
  readonly privateKey: string;
  /**
   * A signed `samlp:Response` with a signed `saml:Assertion` that @node-saml/passport-saml accepts
   * (`idpCert` = `certificate`, `audience` = `spEntityID`, `callbackUrl` = `acsUrl`, both
   * `wantAssertionsSigned` and `wantAuthnResponseSigned`). One `AuthnStatement` per session index;
   * bearer SubjectConfirmation with `Recipient` = `acsUrl`; Conditions with AudienceRestriction.
   *
   * @example
   * ```ts
   * const { base64 } = idp.buildLoginResponse({
   *   acsUrl: 'https://sp.test/saml/acs', spEntityID: 'https://sp.test/metadata',
   *   nameID: 'alice', sessionIndexes: ['_s1'],
   * });
   * await request(app).post('/saml/acs').type('form').send({ SAMLResponse: base64 });
   * ```
   */
  buildLoginResponse(input: LoginResponseInput): LoginResponseResult;
  /**
   * A `samlp:LogoutRequest`, by default signed (enveloped, exclusive c14n, `ds:Signature` right
   * after `saml:Issuer`, `ds:KeyInfo` with the certificate). See {@link LogoutRequestInput} for
   * `sign: false`, `signWith` and `encryptNameIDFor`.
   *
   * @example
   * ```ts
   * const { id, xml } = idp.buildLogoutRequest({ destination: sloUrl, nameID: 'alice', sessionIndexes: ['_s1'] });
   * ```
   */
  buildLogoutRequest(input: LogoutRequestInput): LogoutRequestResult;
  /**
   * The same LogoutRequest wrapped in a SOAP 1.1 (default) or 1.2 envelope, with its Content-Type.
   *
   * @example
   * ```ts
   * const { envelope, contentType } = idp.buildSoapLogoutRequest({ nameID: 'alice', soapVersion: '1.2' });
   * ```
   */
  buildSoapLogoutRequest(input: SoapLogoutRequestInput): SoapLogoutRequestResult;
  /**
   * Reads a LogoutResponse (bare or in a SOAP envelope) and checks its signature against the SP
   * certificate; a bad signature is reported, not thrown.
   *
   * @example
   * ```ts
   * const { signatureValid, status } = idp.readLogoutResponse(responseBody, spCertPem);
   * ```
   */
  readLogoutResponse(xmlOrEnvelope: string, spCertificate: string): LogoutResponseReadout;
}

/**
 * Creates a {@link TestIdp}. Without `privateKey`/`certificate` it generates an RSA-2048 key
 * and a self-signed certificate (valid one year) with the `selfsigned` package
 * (loaded only then).
 *
 * @throws When only one of `privateKey` and `certificate` is given.
 *
 * @example
 * ```ts
 * import { createTestIdp } from 'saml-slo/testing';
 * const idp = await createTestIdp({ entityID: 'https://idp.test/metadata' });
 * const saml = new SAML({ idpCert: idp.certificate, issuer: spEntityID, callbackUrl: acsUrl });
 * ```
 */
export async function createTestIdp(options: TestIdpOptions = {}): Promise<TestIdp> {
  const keys = await resolveKeys(options);
  const signer: IdpSigner = {
    entityID: options.entityID ?? 'https://idp.test/metadata',
    ...keys,
    signatureAlgorithm: options.signatureAlgorithm ?? 'rsa-sha256',
  };
  return Object.freeze({
    entityID: signer.entityID,
    certificate: signer.certificate,
    privateKey: signer.privateKey,
    buildLoginResponse: (input: LoginResponseInput) => buildLoginResponse(input, signer),
    buildLogoutRequest: (input: LogoutRequestInput) => buildLogoutRequest(input, signer),
    buildSoapLogoutRequest: (input: SoapLogoutRequestInput) =>
      buildSoapLogoutRequest(input, signer),
    readLogoutResponse: (xml: string, spCertificate: string) =>
      readLogoutResponse(xml, spCertificate),
  });
}

async function resolveKeys(options: TestIdpOptions): Promise<SigningKey> {
  const { privateKey, certificate } = options;
  if (privateKey !== undefined && certificate !== undefined) {
    return { privateKey, certificate };
  }
  if (privateKey !== undefined || certificate !== undefined) {
    throw new Error('createTestIdp: give both privateKey and certificate, or neither');
  }
  return generateKeyPair('test-idp');
}
