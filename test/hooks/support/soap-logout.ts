import type { LogoutResponseReadout, SoapLogoutRequestInput } from '../../../lib/testing';
import { keys } from '../../support/keys';
import type { SpHarness } from '../../support/sp-app';

/** What the SP answered to one back-channel (SOAP) LogoutRequest. */
export interface SoapLogoutResult {
  /** The LogoutRequest's ID. */
  readonly requestId: string;
  readonly status: number;
  readonly body: string;
  /** The LogoutResponse in the reply, read and checked against the SP certificate. */
  readonly response: LogoutResponseReadout;
}

/**
 * Sends a SOAP LogoutRequest (signed unless `sign: false`) from the SP's test IdP to its
 * logout endpoint, cookie-less as an IdP would, and reads the LogoutResponse.
 */
export async function soapLogout(
  sp: SpHarness,
  input: Omit<SoapLogoutRequestInput, 'destination'>,
): Promise<SoapLogoutResult> {
  const request = sp.idp.buildSoapLogoutRequest({ destination: sp.logoutUrl, ...input });
  const reply = await sp.postSoap(request.envelope, request.contentType);
  return {
    requestId: request.id,
    status: reply.status,
    body: reply.body,
    response: sp.idp.readLogoutResponse(reply.body, keys.sp.certificate),
  };
}
