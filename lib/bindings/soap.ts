import { SloError, SloErrorCode } from '../errors';
import { NS } from '../protocol/xml/namespaces';
import { childElements, isElement } from '../protocol/xml/dom';
import { escapeXml } from '../protocol/xml/escape-xml';

/** SOAP 1.1 (SAML's SOAP binding) or SOAP 1.2 (accepted too). */
export type SoapVersion = '1.1' | '1.2';

/** The SAML message carried by a SOAP envelope. */
export interface UnwrappedSoap {
  readonly version: SoapVersion;
  /** The one element child of soap:Body. */
  readonly message: Element;
}

/**
 * Unwraps a SOAP envelope (SAML bindings §3.2): the root is soap:Envelope, an optional
 * soap:Header whose blocks must not demand understanding, then exactly one soap:Body
 * with exactly one element child, the SAML message.
 *
 * @throws {SloError} `SLO_SOAP_MALFORMED` or `SLO_SOAP_MUST_UNDERSTAND`.
 * @example
 * ```ts
 * const { version, message } = unwrapSoapEnvelope(parseUntrustedXml(body));
 * ```
 */
export function unwrapSoapEnvelope(doc: Document): UnwrappedSoap {
  const envelope = doc.documentElement;
  const version = soapVersionOf(envelope);
  const ns = version === '1.1' ? NS.soap11 : NS.soap12;
  const parts = childElements(envelope);
  let position = 0;
  if (isElement(parts[0], ns, 'Header')) {
    rejectMustUnderstand(parts[0], ns, version);
    position = 1;
  }
  const body = parts[position];
  if (!isElement(body, ns, 'Body') || parts.length !== position + 1) {
    throw malformed(version, 'the envelope must hold an optional Header and one Body');
  }
  const content = childElements(body);
  if (content.length !== 1) throw malformed(version, 'the SOAP Body must hold exactly one message');
  return { version, message: content[0]! };
}

function soapVersionOf(envelope: Element | null): SoapVersion {
  if (isElement(envelope, NS.soap11, 'Envelope')) return '1.1';
  if (isElement(envelope, NS.soap12, 'Envelope')) return '1.2';
  throw new SloError(SloErrorCode.SoapMalformed, 'the document is not a SOAP envelope');
}

function rejectMustUnderstand(header: Element, ns: string, version: SoapVersion): void {
  for (const block of childElements(header)) {
    const value = block.getAttributeNS(ns, 'mustUnderstand');
    if (value === '1' || value === 'true') {
      throw new SloError(
        SloErrorCode.SoapMustUnderstand,
        `SOAP ${version} header ${block.localName} must be understood`,
      );
    }
  }
}

function malformed(version: SoapVersion, message: string): SloError {
  return new SloError(SloErrorCode.SoapMalformed, `SOAP ${version}: ${message}`);
}

/**
 * Wraps a SAML message (no XML declaration) in a SOAP envelope of the given version.
 *
 * @example
 * ```ts
 * const body = wrapInSoapEnvelope(signedLogoutResponse, '1.1');
 * ```
 */
export function wrapInSoapEnvelope(messageXml: string, version: SoapVersion): string {
  const ns = version === '1.1' ? NS.soap11 : NS.soap12;
  return `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${ns}"><soap:Body>${messageXml}</soap:Body></soap:Envelope>`;
}

/** Who is at fault, in SOAP's words. */
export type SoapFaultKind = 'client' | 'server' | 'mustUnderstand';

/**
 * A SOAP Fault envelope. `reason` is sent to the peer: keep it generic, never internal.
 *
 * @example
 * ```ts
 * buildSoapFault('1.1', 'client', 'Malformed SOAP envelope');
 * ```
 */
export function buildSoapFault(version: SoapVersion, kind: SoapFaultKind, reason: string): string {
  if (version === '1.1') {
    const code = kind === 'client' ? 'Client' : kind === 'server' ? 'Server' : 'MustUnderstand';
    return (
      `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${NS.soap11}"><soap:Body>` +
      `<soap:Fault><faultcode>soap:${code}</faultcode><faultstring>${escapeXml(reason)}</faultstring></soap:Fault>` +
      `</soap:Body></soap:Envelope>`
    );
  }
  const code = kind === 'client' ? 'Sender' : kind === 'server' ? 'Receiver' : 'MustUnderstand';
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="${NS.soap12}"><soap:Body>` +
    `<soap:Fault><soap:Code><soap:Value>soap:${code}</soap:Value></soap:Code>` +
    `<soap:Reason><soap:Text xml:lang="en">${escapeXml(reason)}</soap:Text></soap:Reason></soap:Fault>` +
    `</soap:Body></soap:Envelope>`
  );
}

/**
 * The Content-Type of a SOAP message of this version.
 *
 * @example
 * ```ts
 * soapContentType('1.1'); // 'text/xml; charset=utf-8'
 * ```
 */
export function soapContentType(version: SoapVersion): string {
  return version === '1.1' ? 'text/xml; charset=utf-8' : 'application/soap+xml; charset=utf-8';
}
