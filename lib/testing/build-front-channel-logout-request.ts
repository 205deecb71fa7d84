import {
  buildLogoutRequest,
  type LogoutRequestInput,
  type LogoutRequestResult,
} from './build-logout-request';
import { postBindingFields, type PostBindingFields } from './post-binding';
import { buildRedirectBindingUrl } from './redirect-binding';
import type { TestSignatureAlgorithm } from './signature-algorithms';
import type { IdpSigner } from './signer';

/**
 * Input of `TestIdp.buildRedirectLogoutRequest`: a LogoutRequest input (whose `destination`
 * is also where the URL points, unless `endpoint` says otherwise) plus the Redirect
 * binding's RelayState and query signature.
 *
 * @example
 * ```ts
 * const input: RedirectLogoutRequestInput = {
 *   destination: 'https://sp.test/saml/logout',
 *   nameID: 'alice',
 *   sessionIndexes: ['_s1'],
 *   relayState: 'r1',
 * };
 * ```
 */
export interface RedirectLogoutRequestInput extends Omit<LogoutRequestInput, 'sign'> {
  /** `RelayState` parameter (omitted when absent). */
  relayState?: string;
  /** `false` sends the URL without `SigAlg`/`Signature`. Default `true` (the query is signed). */
  sign?: boolean;
  /** Algorithm of the query signature. Default: the IdP's. */
  signatureAlgorithm?: TestSignatureAlgorithm;
  /**
   * The URL the request is sent to. Default `destination`; give it to send a request whose
   * `Destination` attribute names another endpoint.
   */
  endpoint?: string;
  /** Percent-encode with lowercase hex digits (as ADFS does), signing those octets. */
  lowercasePercentEncoding?: boolean;
}

/**
 * A LogoutRequest for the HTTP-Redirect binding.
 *
 * @example
 * ```ts
 * const { id, url }: RedirectLogoutRequestResult = idp.buildRedirectLogoutRequest({ destination: sloUrl, nameID: 'alice' });
 * await fetch(url, { redirect: 'manual' });
 * ```
 */
export interface RedirectLogoutRequestResult extends LogoutRequestResult {
  /** The full URL: `endpoint?SAMLRequest=…[&RelayState=…][&SigAlg=…&Signature=…]`. */
  url: string;
}

/**
 * Input of `TestIdp.buildPostLogoutRequest`: a LogoutRequest input plus RelayState.
 *
 * @example
 * ```ts
 * const input: PostLogoutRequestInput = { destination: sloUrl, nameID: 'alice', relayState: 'r1' };
 * ```
 */
export interface PostLogoutRequestInput extends LogoutRequestInput {
  /** `RelayState` form field (omitted when absent). */
  relayState?: string;
}

/**
 * A LogoutRequest for the HTTP-POST binding.
 *
 * @example
 * ```ts
 * const { fields }: PostLogoutRequestResult = idp.buildPostLogoutRequest({ destination: sloUrl, nameID: 'alice' });
 * await fetch(sloUrl, { method: 'POST', body: formBody(fields), headers: { 'content-type': FORM_CONTENT_TYPE } });
 * ```
 */
export interface PostLogoutRequestResult extends LogoutRequestResult {
  /** `SAMLRequest` (base64 of `xml`) and `RelayState` when given. */
  fields: PostBindingFields<'SAMLRequest'>;
}

/**
 * Builds an unsigned LogoutRequest (see {@link buildLogoutRequest}) and encodes it for the
 * HTTP-Redirect binding, the query signed with the IdP key (or `signWith`) unless `sign` is
 * `false`.
 *
 * @throws When neither `endpoint` nor `destination` is given.
 *
 * @example
 * ```ts
 * const { url } = buildRedirectLogoutRequest({ destination: sloUrl, nameID: 'alice' }, signer);
 * ```
 */
export function buildRedirectLogoutRequest(
  input: RedirectLogoutRequestInput,
  signer: IdpSigner,
): RedirectLogoutRequestResult {
  const {
    relayState,
    sign = true,
    signatureAlgorithm,
    endpoint = input.destination,
    lowercasePercentEncoding,
    signWith,
    ...requestInput
  } = input;
  if (endpoint === undefined) {
    throw new Error('buildRedirectLogoutRequest: give destination (or endpoint): where to send it');
  }
  const request = buildLogoutRequest({ ...requestInput, sign: false }, signer);
  const url = buildRedirectBindingUrl(endpoint, 'SAMLRequest', request.xml, {
    ...(relayState === undefined ? {} : { relayState }),
    ...(sign ? { signWith: signWith ?? signer } : {}),
    signatureAlgorithm: signatureAlgorithm ?? signer.signatureAlgorithm,
    lowercasePercentEncoding: lowercasePercentEncoding ?? false,
  });
  return { ...request, url };
}

/**
 * Builds a LogoutRequest (see {@link buildLogoutRequest}: enveloped-signed unless
 * `sign: false`) and its HTTP-POST binding fields.
 *
 * @example
 * ```ts
 * const { fields } = buildPostLogoutRequest({ destination: sloUrl, nameID: 'alice', relayState: 'r1' }, signer);
 * ```
 */
export function buildPostLogoutRequest(
  input: PostLogoutRequestInput,
  signer: IdpSigner,
): PostLogoutRequestResult {
  const { relayState, ...requestInput } = input;
  const request = buildLogoutRequest(requestInput, signer);
  return { ...request, fields: postBindingFields('SAMLRequest', request.xml, relayState) };
}
