import { parseXmlStrict } from './parse-xml';
import {
  findSamlMessage,
  readLogoutResponseFields,
  type LogoutResponseReadout,
} from './read-logout-response';
import { readRedirectBindingUrl } from './redirect-binding';

/**
 * What `TestIdp.readRedirectLogoutResponse` found in the URL an SP redirected the browser to.
 *
 * @example
 * ```ts
 * const r: RedirectLogoutResponseReadout = idp.readRedirectLogoutResponse(location, spCertPem);
 * expect(r).toMatchObject({ signatureValid: true, inResponseTo: request.id, relayState: 'r1' });
 * ```
 */
export interface RedirectLogoutResponseReadout extends LogoutResponseReadout {
  /**
   * The query carries `SigAlg` and `Signature` and the signature verifies with the SP
   * certificate over the query octets as received (the XML itself is not signed in this binding).
   */
  signatureValid: boolean;
  /** `RelayState`, when present. */
  relayState?: string;
  /** Decoded `SigAlg`, when present. */
  sigAlg?: string;
  /** The inflated LogoutResponse XML. */
  xml: string;
}

/**
 * Reads a LogoutResponse sent by the HTTP-Redirect binding (a URL with `SAMLResponse`),
 * checking the query signature with node:crypto against `spCertificate`. A missing or bad
 * signature is reported as `signatureValid: false`, not thrown.
 *
 * @throws When the URL carries no `SAMLResponse`, a parameter twice, or no `samlp:LogoutResponse`.
 *
 * @example
 * ```ts
 * const res = await fetch(idpRedirectUrl, { redirect: 'manual' });
 * const readout = readRedirectLogoutResponse(res.headers.get('location')!, spCertPem);
 * expect(readout.status).toBe('urn:oasis:names:tc:SAML:2.0:status:Success');
 * ```
 */
export function readRedirectLogoutResponse(
  url: string,
  spCertificate: string,
): RedirectLogoutResponseReadout {
  const read = readRedirectBindingUrl(url, spCertificate);
  if (read.kind !== 'SAMLResponse') {
    throw new Error(
      'readRedirectLogoutResponse: the URL carries a SAMLRequest, not a SAMLResponse',
    );
  }
  const response = findSamlMessage(
    parseXmlStrict(read.xml).documentElement,
    'LogoutResponse',
    'readRedirectLogoutResponse',
  );
  return {
    signatureValid: read.signatureValid,
    ...readLogoutResponseFields(response),
    ...(read.relayState === undefined ? {} : { relayState: read.relayState }),
    ...(read.sigAlg === undefined ? {} : { sigAlg: read.sigAlg }),
    xml: read.xml,
  };
}
