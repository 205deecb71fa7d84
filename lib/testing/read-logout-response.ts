import { NS } from './namespaces';
import { childElements, firstChild, parseXmlStrict } from './parse-xml';
import { verifyEnvelopedSignature } from './verify-enveloped-signature';

/**
 * What `TestIdp.readLogoutResponse` found in a LogoutResponse.
 *
 * @example
 * ```ts
 * const r: LogoutResponseReadout = idp.readLogoutResponse(body, spCertPem);
 * expect(r).toMatchObject({ signatureValid: true, status: 'urn:oasis:names:tc:SAML:2.0:status:Success' });
 * ```
 */
export interface LogoutResponseReadout {
  /** The enveloped signature is present, covers the whole LogoutResponse and verifies with the SP certificate. */
  signatureValid: boolean;
  /** `ID` attribute (`''` when missing). */
  id: string;
  /** `saml:Issuer` text. */
  issuer?: string;
  /** `InResponseTo` attribute. */
  inResponseTo?: string;
  /** `Destination` attribute. */
  destination?: string;
  /** Top-level `StatusCode/@Value`. */
  status?: string;
  /** Nested (second-level) `StatusCode/@Value`. */
  subStatus?: string;
  /** `StatusMessage` text. */
  statusMessage?: string;
}

/**
 * Reads a `samlp:LogoutResponse`, bare or as the Body of a SOAP 1.1/1.2 envelope, and checks
 * its enveloped signature with xml-crypto against `spCertificate`. A missing, broken or
 * foreign signature is reported as `signatureValid: false`, never thrown.
 *
 * @throws Only when the input is not well-formed XML or holds no `samlp:LogoutResponse`.
 *
 * @example
 * ```ts
 * const res = await fetch(sloUrl, { method: 'POST', body: envelope, headers: { 'content-type': contentType } });
 * const readout = readLogoutResponse(await res.text(), spCertPem);
 * expect(readout.signatureValid).toBe(true);
 * expect(readout.inResponseTo).toBe(requestId);
 * ```
 */
export function readLogoutResponse(
  xmlOrEnvelope: string,
  spCertificate: string,
): LogoutResponseReadout {
  const doc = parseXmlStrict(xmlOrEnvelope);
  const response = findSamlMessage(doc.documentElement, 'LogoutResponse', 'readLogoutResponse');
  return {
    signatureValid: verifyEnvelopedSignature(xmlOrEnvelope, response, spCertificate),
    ...readLogoutResponseFields(response),
  };
}

/**
 * The fields of a `samlp:LogoutResponse` element, without any signature check.
 *
 * @example
 * ```ts
 * const { status, inResponseTo } = readLogoutResponseFields(parseXmlStrict(xml).documentElement);
 * ```
 */
export function readLogoutResponseFields(
  response: Element,
): Omit<LogoutResponseReadout, 'signatureValid'> {
  const status = firstChild(response, NS.samlp, 'Status');
  const statusCode = status && firstChild(status, NS.samlp, 'StatusCode');
  const subStatusCode = statusCode && firstChild(statusCode, NS.samlp, 'StatusCode');
  const statusMessage = status && firstChild(status, NS.samlp, 'StatusMessage');
  const issuer = firstChild(response, NS.saml, 'Issuer');
  return {
    id: response.getAttribute('ID') ?? '',
    issuer: issuer?.textContent ?? undefined,
    inResponseTo: optionalAttribute(response, 'InResponseTo'),
    destination: optionalAttribute(response, 'Destination'),
    status: statusCode && optionalAttribute(statusCode, 'Value'),
    subStatus: subStatusCode && optionalAttribute(subStatusCode, 'Value'),
    statusMessage: statusMessage?.textContent ?? undefined,
  };
}

/**
 * The SAML protocol message `samlp:<localName>`: the root itself, or the first child of a
 * SOAP 1.1/1.2 envelope's Body.
 *
 * @throws When there is no such message (the error names `caller`).
 *
 * @example
 * ```ts
 * const request = findSamlMessage(parseXmlStrict(envelope).documentElement, 'LogoutRequest', 'readLogoutRequest');
 * ```
 */
export function findSamlMessage(root: Element | null, localName: string, caller: string): Element {
  let candidate = root;
  if (
    root &&
    root.localName === 'Envelope' &&
    (root.namespaceURI === NS.soap11 || root.namespaceURI === NS.soap12)
  ) {
    const body = firstChild(root, root.namespaceURI, 'Body');
    candidate = body ? (childElements(body)[0] ?? null) : null;
  }
  if (!candidate || candidate.namespaceURI !== NS.samlp || candidate.localName !== localName) {
    throw new Error(`${caller}: no samlp:${localName} found (bare or in a SOAP Body)`);
  }
  return candidate;
}

/**
 * The attribute's value, or `undefined` when the element does not have it.
 *
 * @example
 * ```ts
 * optionalAttribute(el, 'Destination');
 * ```
 */
export function optionalAttribute(el: Element, name: string): string | undefined {
  return el.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined;
}
