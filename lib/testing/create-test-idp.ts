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
import {
  buildPostLogoutRequest,
  buildRedirectLogoutRequest,
  type PostLogoutRequestInput,
  type PostLogoutRequestResult,
  type RedirectLogoutRequestInput,
  type RedirectLogoutRequestResult,
} from './build-front-channel-logout-request';
import {
  buildLogoutResponse,
  type IdpLogoutResponseInput,
  type IdpLogoutResponseResult,
} from './build-logout-response';
import { postBindingFields, type PostBindingFields } from './post-binding';
import {
  readLogoutRequest,
  type LogoutRequestReadout,
  type LogoutRequestSource,
} from './read-logout-request';
import {
  readRedirectLogoutResponse,
  type RedirectLogoutResponseReadout,
} from './read-redirect-logout-response';
import { buildRedirectBindingUrl } from './redirect-binding';
import { soapContentType, soapEnvelope, type SoapVersion } from './soap-envelope';
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
  /**
   * A LogoutRequest for the HTTP-Redirect binding: the unsigned XML DEFLATEd, base64- and
   * URL-encoded after `endpoint` (default `destination`), with `RelayState`, and the query
   * (`SAMLRequest=…&RelayState=…&SigAlg=…`) signed with the IdP key unless `sign: false`.
   *
   * @example
   * ```ts
   * const { id, url } = idp.buildRedirectLogoutRequest({
   *   destination: `${spBase}/saml/logout`, nameID: 'alice', sessionIndexes: ['_s1'], relayState: 'r1',
   * });
   * const res = await fetch(url, { redirect: 'manual' }); // no cookie: the IdP's browser tab
   * ```
   */
  buildRedirectLogoutRequest(input: RedirectLogoutRequestInput): RedirectLogoutRequestResult;
  /**
   * A LogoutRequest for the HTTP-POST binding: enveloped-signed (unless `sign: false`), with
   * its form fields `SAMLRequest` (base64) and `RelayState`.
   *
   * @example
   * ```ts
   * const { fields } = idp.buildPostLogoutRequest({ destination: sloUrl, nameID: 'alice', relayState: 'r1' });
   * await fetch(sloUrl, { method: 'POST', body: formBody(fields), headers: { 'content-type': FORM_CONTENT_TYPE } });
   * ```
   */
  buildPostLogoutRequest(input: PostLogoutRequestInput): PostLogoutRequestResult;
  /**
   * The IdP's `samlp:LogoutResponse` to an SP's LogoutRequest, enveloped-signed unless
   * `sign: false` (use that for the Redirect binding, whose query is signed instead). Status
   * defaults to `Success`; a status may be given as its last part (`PartialLogout`).
   *
   * @example
   * ```ts
   * const { xml } = idp.buildLogoutResponse({
   *   inResponseTo: request.id, destination: sloUrl, status: 'Responder', subStatus: 'PartialLogout',
   * });
   * ```
   */
  buildLogoutResponse(input: IdpLogoutResponseInput): IdpLogoutResponseResult;
  /**
   * The URL that sends a LogoutResponse by the HTTP-Redirect binding to `endpoint` (the SP's
   * logout URL), the query signed with the IdP key (`options.sign: false` leaves it unsigned).
   * Pass a response built with `sign: false`: in this binding the XML carries no signature.
   *
   * @example
   * ```ts
   * const { xml } = idp.buildLogoutResponse({ inResponseTo: request.id, destination: sloUrl, sign: false });
   * const res = await fetch(idp.redirectLogoutResponseUrl(sloUrl, xml, request.relayState), { redirect: 'manual' });
   * ```
   */
  redirectLogoutResponseUrl(
    endpoint: string,
    xml: string,
    relayState?: string,
    options?: RedirectResponseOptions,
  ): string;
  /**
   * The HTTP-POST binding fields of a LogoutResponse: `SAMLResponse` (base64 of the signed
   * XML) and `RelayState` when given.
   *
   * @example
   * ```ts
   * const fields = idp.postLogoutResponseFields(xml, 'r1');
   * await fetch(sloUrl, { method: 'POST', body: formBody(fields), headers: { 'content-type': FORM_CONTENT_TYPE } });
   * ```
   */
  postLogoutResponseFields(xml: string, relayState?: string): PostBindingFields<'SAMLResponse'>;
  /**
   * A LogoutResponse wrapped for the SOAP binding (the answer to an SP's SOAP LogoutRequest),
   * with the Content-Type to send it with.
   *
   * @example
   * ```ts
   * const { envelope, contentType } = idp.soapLogoutResponse(xml);
   * res.writeHead(200, { 'content-type': contentType }).end(envelope);
   * ```
   */
  soapLogoutResponse(xml: string, soapVersion?: SoapVersion): SoapMessage;
  /**
   * Reads the LogoutRequest an SP sent by Redirect (`{ redirectUrl }`), POST
   * (`{ postFields }`, e.g. `readPostForm(html).fields`) or SOAP (`{ soapEnvelope }`), and
   * checks the binding's signature against the SP certificate; a bad signature is reported,
   * not thrown.
   *
   * @example
   * ```ts
   * const request = idp.readLogoutRequest({ redirectUrl: res.headers.get('location')! }, spCertPem);
   * expect(request).toMatchObject({ signatureValid: true, nameID: 'alice', sessionIndexes: ['_s1'] });
   * ```
   */
  readLogoutRequest(source: LogoutRequestSource, spCertificate: string): LogoutRequestReadout;
  /**
   * Reads a LogoutResponse the SP sent by the HTTP-Redirect binding (the `Location` it
   * redirected to) and checks the query signature against the SP certificate.
   *
   * @example
   * ```ts
   * const response = idp.readRedirectLogoutResponse(res.headers.get('location')!, spCertPem);
   * expect(response).toMatchObject({ signatureValid: true, inResponseTo: id, relayState: 'r1' });
   * ```
   */
  readRedirectLogoutResponse(url: string, spCertificate: string): RedirectLogoutResponseReadout;
}

/**
 * Options of `TestIdp.redirectLogoutResponseUrl`.
 *
 * @example
 * ```ts
 * const options: RedirectResponseOptions = { signatureAlgorithm: 'rsa-sha512' };
 * ```
 */
export interface RedirectResponseOptions {
  /** `false` sends no `SigAlg`/`Signature`. Default `true`. */
  sign?: boolean;
  /** Default: the IdP's algorithm. */
  signatureAlgorithm?: TestSignatureAlgorithm;
  /** Sign with this key pair instead of the IdP's. */
  signWith?: SigningKey;
}

/**
 * A SOAP message and the Content-Type to send it with.
 *
 * @example
 * ```ts
 * const { envelope, contentType }: SoapMessage = idp.soapLogoutResponse(xml, '1.1');
 * ```
 */
export interface SoapMessage {
  /** The SOAP envelope, the message in its Body byte for byte. */
  envelope: string;
  /** `text/xml; charset=utf-8` (1.1) or `application/soap+xml; charset=utf-8` (1.2). */
  contentType: string;
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
    buildRedirectLogoutRequest: (input: RedirectLogoutRequestInput) =>
      buildRedirectLogoutRequest(input, signer),
    buildPostLogoutRequest: (input: PostLogoutRequestInput) =>
      buildPostLogoutRequest(input, signer),
    buildLogoutResponse: (input: IdpLogoutResponseInput) => buildLogoutResponse(input, signer),
    redirectLogoutResponseUrl: (
      endpoint: string,
      xml: string,
      relayState?: string,
      options: RedirectResponseOptions = {},
    ) =>
      buildRedirectBindingUrl(endpoint, 'SAMLResponse', xml, {
        ...(relayState === undefined ? {} : { relayState }),
        ...(options.sign === false ? {} : { signWith: options.signWith ?? signer }),
        signatureAlgorithm: options.signatureAlgorithm ?? signer.signatureAlgorithm,
      }),
    postLogoutResponseFields: (xml: string, relayState?: string) =>
      postBindingFields('SAMLResponse', xml, relayState),
    soapLogoutResponse: (xml: string, soapVersion: SoapVersion = '1.1') => ({
      envelope: soapEnvelope(xml, soapVersion),
      contentType: soapContentType(soapVersion),
    }),
    readLogoutRequest: (source: LogoutRequestSource, spCertificate: string) =>
      readLogoutRequest(source, spCertificate),
    readRedirectLogoutResponse: (url: string, spCertificate: string) =>
      readRedirectLogoutResponse(url, spCertificate),
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
