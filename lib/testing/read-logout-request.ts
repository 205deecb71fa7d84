import { NS } from './namespaces';
import { childElements, firstChild, parseXmlStrict } from './parse-xml';
import { findSamlMessage, optionalAttribute } from './read-logout-response';
import { readRedirectBindingUrl } from './redirect-binding';
import { verifyEnvelopedSignature } from './verify-enveloped-signature';

/**
 * Where `TestIdp.readLogoutRequest` finds the SP's LogoutRequest: the URL the SP redirected
 * the browser to (HTTP-Redirect), the fields of the SP's auto-submit form (HTTP-POST, e.g.
 * from {@link readPostForm}), or the SOAP envelope the SP posted (SOAP).
 *
 * @example
 * ```ts
 * const source: LogoutRequestSource = { redirectUrl: res.headers.get('location')! };
 * ```
 */
export type LogoutRequestSource =
  | { redirectUrl: string }
  | { postFields: Readonly<Record<string, string | undefined>> }
  | { soapEnvelope: string };

/**
 * What `TestIdp.readLogoutRequest` found in an SP's LogoutRequest.
 *
 * @example
 * ```ts
 * const r: LogoutRequestReadout = idp.readLogoutRequest({ redirectUrl }, spCertPem);
 * expect(r).toMatchObject({ signatureValid: true, nameID: 'alice', sessionIndexes: ['_s1', '_s2'] });
 * ```
 */
export interface LogoutRequestReadout {
  /**
   * The signature of the binding verifies with the SP certificate: the query signature over
   * the raw octets (Redirect), or one enveloped signature covering the whole LogoutRequest
   * (POST, SOAP).
   */
  signatureValid: boolean;
  /** `ID` attribute (`''` when missing). */
  id: string;
  /** `saml:Issuer` text (`''` when missing). */
  issuer: string;
  /** `Destination` attribute. */
  destination?: string;
  /** `IssueInstant` attribute. */
  issueInstant?: string;
  /** `NotOnOrAfter` attribute. */
  notOnOrAfter?: string;
  /** `saml:NameID` text. */
  nameID: string;
  /** NameID `Format`. */
  nameIDFormat?: string;
  /** NameID `NameQualifier`. */
  nameQualifier?: string;
  /** NameID `SPNameQualifier`. */
  spNameQualifier?: string;
  /** Every `samlp:SessionIndex`, in order. */
  sessionIndexes: string[];
  /** `RelayState` of the Redirect or POST binding, when present. */
  relayState?: string;
  /** The LogoutRequest XML as received (inflated for Redirect, decoded for POST). */
  xml: string;
}

/**
 * Reads a LogoutRequest an SP sent by Redirect, POST or SOAP, and checks the binding's
 * signature against `spCertificate` (xml-crypto for enveloped signatures, node:crypto for
 * the query). A missing or bad signature is reported as `signatureValid: false`, not thrown.
 *
 * @throws When the message is not a well-formed `samlp:LogoutRequest` with a `saml:NameID`
 *   (an `EncryptedID` is not decrypted), or the Redirect URL is malformed.
 *
 * @example
 * ```ts
 * const res = await fetch(`${sp}/logout`, { method: 'POST', redirect: 'manual', headers: { cookie } });
 * const request = readLogoutRequest({ redirectUrl: res.headers.get('location')! }, spCertPem);
 * ```
 */
export function readLogoutRequest(
  source: LogoutRequestSource,
  spCertificate: string,
): LogoutRequestReadout {
  if ('redirectUrl' in source) {
    const read = readRedirectBindingUrl(source.redirectUrl, spCertificate);
    if (read.kind !== 'SAMLRequest') {
      throw new Error('readLogoutRequest: the URL carries a SAMLResponse, not a SAMLRequest');
    }
    const request = findSamlMessage(
      parseXmlStrict(read.xml).documentElement,
      'LogoutRequest',
      'readLogoutRequest',
    );
    return {
      signatureValid: read.signatureValid,
      ...readLogoutRequestFields(request),
      ...(read.relayState === undefined ? {} : { relayState: read.relayState }),
      xml: read.xml,
    };
  }
  if ('postFields' in source) {
    const base64 = source.postFields.SAMLRequest;
    if (base64 === undefined) throw new Error('readLogoutRequest: no SAMLRequest field');
    const xml = Buffer.from(base64, 'base64').toString('utf8');
    const request = findSamlMessage(
      parseXmlStrict(xml).documentElement,
      'LogoutRequest',
      'readLogoutRequest',
    );
    const relayState = source.postFields.RelayState;
    return {
      signatureValid: verifyEnvelopedSignature(xml, request, spCertificate),
      ...readLogoutRequestFields(request),
      ...(relayState === undefined ? {} : { relayState }),
      xml,
    };
  }
  const envelope = source.soapEnvelope;
  const request = findSamlMessage(
    parseXmlStrict(envelope).documentElement,
    'LogoutRequest',
    'readLogoutRequest',
  );
  return {
    signatureValid: verifyEnvelopedSignature(envelope, request, spCertificate),
    ...readLogoutRequestFields(request),
    xml: envelope,
  };
}

function readLogoutRequestFields(
  request: Element,
): Omit<LogoutRequestReadout, 'signatureValid' | 'relayState' | 'xml'> {
  const nameID = firstChild(request, NS.saml, 'NameID');
  if (!nameID) {
    throw new Error('readLogoutRequest: the LogoutRequest has no saml:NameID');
  }
  return {
    id: request.getAttribute('ID') ?? '',
    issuer: firstChild(request, NS.saml, 'Issuer')?.textContent ?? '',
    destination: optionalAttribute(request, 'Destination'),
    issueInstant: optionalAttribute(request, 'IssueInstant'),
    notOnOrAfter: optionalAttribute(request, 'NotOnOrAfter'),
    nameID: nameID.textContent ?? '',
    nameIDFormat: optionalAttribute(nameID, 'Format'),
    nameQualifier: optionalAttribute(nameID, 'NameQualifier'),
    spNameQualifier: optionalAttribute(nameID, 'SPNameQualifier'),
    sessionIndexes: childElements(request)
      .filter((el) => el.namespaceURI === NS.samlp && el.localName === 'SessionIndex')
      .map((el) => el.textContent ?? ''),
  };
}
