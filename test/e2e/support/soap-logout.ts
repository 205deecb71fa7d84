import type { SoapLogoutRequestInput, LogoutResponseReadout } from '../../../lib/testing';
import type { SpHarness } from '../../support/sp-app';
import { keys } from '../../support/keys';

/** What the SP answered to one back-channel (SOAP) LogoutRequest. */
export interface SoapLogoutResult {
  /** The LogoutRequest's ID. */
  readonly requestId: string;
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** The LogoutResponse in the reply, read and checked against the SP certificate. */
  readonly response: LogoutResponseReadout;
}

/**
 * Sends a signed SOAP LogoutRequest from the SP's test IdP to the SP's logout endpoint, as
 * the IdP would (cookie-less, Destination = the endpoint), and reads the LogoutResponse.
 */
export async function soapLogout(
  sp: SpHarness,
  input: Omit<SoapLogoutRequestInput, 'destination'>,
): Promise<SoapLogoutResult> {
  const request = sp.idp.buildSoapLogoutRequest({ destination: sp.logoutUrl, ...input });
  const reply = await sp.postSoap(request.envelope, request.contentType);
  return {
    requestId: request.id,
    ...reply,
    response: sp.idp.readLogoutResponse(reply.body, keys.sp.certificate),
  };
}

/** The part of a LogoutResponse every answer must get right: signed by the SP, for this request. */
export function signedAnswerTo(sp: SpHarness, result: SoapLogoutResult) {
  return {
    signatureValid: true,
    inResponseTo: result.requestId,
    issuer: sp.spEntityID,
  };
}

/** The URI of the NameID format `emailAddress`. */
export const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
