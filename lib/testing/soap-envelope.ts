import { NS } from './namespaces';

/**
 * SOAP version of an envelope: `1.1` (`text/xml`) or `1.2` (`application/soap+xml`).
 *
 * @example
 * ```ts
 * const version: SoapVersion = '1.2';
 * ```
 */
export type SoapVersion = '1.1' | '1.2';

/**
 * Wraps an XML fragment (without an XML declaration) in a SOAP envelope whose `Body` holds
 * exactly that fragment, byte for byte, so signatures inside it stay valid. The envelope
 * itself has no XML declaration either (prefix it if you need one).
 *
 * @param bodyXml - The message, e.g. a signed `samlp:LogoutRequest`.
 * @param version - `1.1` (default, namespace `http://schemas.xmlsoap.org/soap/envelope/`) or
 *   `1.2` (namespace `http://www.w3.org/2003/05/soap-envelope`).
 *
 * @example
 * ```ts
 * import { soapEnvelope } from 'saml-slo/testing';
 * const envelope = soapEnvelope(logoutRequestXml, '1.1');
 * await fetch(url, { method: 'POST', body: envelope, headers: { 'content-type': soapContentType('1.1') } });
 * ```
 */
export function soapEnvelope(bodyXml: string, version: SoapVersion = '1.1'): string {
  if (/^\s*<\?xml/.test(bodyXml)) {
    throw new Error('soapEnvelope: bodyXml must not start with an XML declaration');
  }
  const ns = version === '1.2' ? NS.soap12 : NS.soap11;
  return `<soap:Envelope xmlns:soap="${ns}"><soap:Body>${bodyXml}</soap:Body></soap:Envelope>`;
}

/**
 * The HTTP `Content-Type` of a SOAP request of that version.
 *
 * @example
 * ```ts
 * soapContentType('1.1'); // 'text/xml; charset=utf-8'
 * soapContentType('1.2'); // 'application/soap+xml; charset=utf-8'
 * ```
 */
export function soapContentType(version: SoapVersion = '1.1'): string {
  return version === '1.2' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8';
}
