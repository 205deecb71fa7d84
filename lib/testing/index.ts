/**
 * `saml-slo/testing`: a signing test Identity Provider for SAML Single Logout tests.
 *
 * @example
 * ```ts
 * import { createTestIdp, soapEnvelope, signXml } from 'saml-slo/testing';
 * const idp = await createTestIdp();
 * const { envelope, contentType } = idp.buildSoapLogoutRequest({ nameID: 'alice', sessionIndexes: ['_s1'] });
 * ```
 *
 * @packageDocumentation
 */
export {
  createTestIdp,
  type TestIdp,
  type TestIdpOptions,
  type RedirectResponseOptions,
  type SoapMessage,
} from './create-test-idp';
export type {
  RedirectLogoutRequestInput,
  RedirectLogoutRequestResult,
  PostLogoutRequestInput,
  PostLogoutRequestResult,
} from './build-front-channel-logout-request';
export {
  statusUri,
  type IdpLogoutResponseInput,
  type IdpLogoutResponseResult,
} from './build-logout-response';
export type { LogoutRequestReadout, LogoutRequestSource } from './read-logout-request';
export type { RedirectLogoutResponseReadout } from './read-redirect-logout-response';
export {
  buildRedirectBindingUrl,
  readRedirectBindingUrl,
  type RedirectBindingOptions,
  type RedirectBindingReadout,
  type SamlMessageParameter,
} from './redirect-binding';
export {
  readPostForm,
  postBindingFields,
  formBody,
  FORM_CONTENT_TYPE,
  type PostBindingFields,
  type PostFormReadout,
} from './post-binding';
export type { LoginResponseInput, LoginResponseResult } from './build-login-response';
export type { LogoutRequestInput, LogoutRequestResult } from './build-logout-request';
export type { SoapLogoutRequestInput, SoapLogoutRequestResult } from './build-soap-logout-request';
export type { LogoutResponseReadout } from './read-logout-response';
export type { NameIDInput } from './name-id';
export type { NameIDEncryptionAlgorithm, NameIDEncryptionOptions } from './encrypt-name-id';
export type { SigningKey } from './signer';
export type { TestSignatureAlgorithm } from './signature-algorithms';
export { soapEnvelope, soapContentType, type SoapVersion } from './soap-envelope';
export { signXml, type SignXmlInput } from './sign-xml';
export { escapeXml } from './escape-xml';
export { generateKeyPair as generateTestKeyPair } from './generate-key-pair';
