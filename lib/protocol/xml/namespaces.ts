/**
 * XML namespace URIs used by SAML 2.0 Single Logout messages and their envelopes.
 *
 * @example
 * ```ts
 * isElement(node, NS.samlp, 'LogoutRequest');
 * ```
 */
export const NS = {
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xenc: 'http://www.w3.org/2001/04/xmlenc#',
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  /** The namespace of `xmlns` / `xmlns:prefix` declarations themselves. */
  xmlns: 'http://www.w3.org/2000/xmlns/',
} as const;
