import {
  buildLogoutRequest,
  type LogoutRequestInput,
  type LogoutRequestResult,
} from './build-logout-request';
import type { IdpSigner } from './signer';
import { soapContentType, soapEnvelope, type SoapVersion } from './soap-envelope';

/**
 * Input of `TestIdp.buildSoapLogoutRequest`: a LogoutRequest input plus the SOAP version.
 *
 * @example
 * ```ts
 * const input: SoapLogoutRequestInput = { nameID: 'alice', sessionIndexes: ['_s1'], soapVersion: '1.2' };
 * ```
 */
export interface SoapLogoutRequestInput extends LogoutRequestInput {
  /** Default `1.1`. */
  soapVersion?: SoapVersion;
}

/**
 * A LogoutRequest for the SOAP (back-channel) binding.
 *
 * @example
 * ```ts
 * const { envelope, contentType }: SoapLogoutRequestResult = idp.buildSoapLogoutRequest({ nameID: 'alice' });
 * await fetch(sloUrl, { method: 'POST', body: envelope, headers: { 'content-type': contentType } });
 * ```
 */
export interface SoapLogoutRequestResult extends LogoutRequestResult {
  /** The whole SOAP envelope with `xml` in its Body, byte for byte. */
  envelope: string;
  /** `text/xml; charset=utf-8` (SOAP 1.1) or `application/soap+xml; charset=utf-8` (SOAP 1.2). */
  contentType: string;
}

/**
 * Builds a LogoutRequest (see {@link buildLogoutRequest}) and wraps it in a SOAP envelope.
 *
 * @example
 * ```ts
 * const { envelope } = buildSoapLogoutRequest({ nameID: 'alice', soapVersion: '1.1' }, signer);
 * ```
 */
export function buildSoapLogoutRequest(
  input: SoapLogoutRequestInput,
  signer: IdpSigner,
): SoapLogoutRequestResult {
  const { soapVersion = '1.1', ...requestInput } = input;
  const request = buildLogoutRequest(requestInput, signer);
  return {
    ...request,
    envelope: soapEnvelope(request.xml, soapVersion),
    contentType: soapContentType(soapVersion),
  };
}
