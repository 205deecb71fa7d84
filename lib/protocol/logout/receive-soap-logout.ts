import { SamlStatus, SloError, SloErrorCode, answerFor, toSloError } from '../../errors';
import type { SloReply } from '../reply';
export type { SloReply } from '../reply';
import {
  buildSoapFault,
  soapContentType,
  unwrapSoapEnvelope,
  wrapInSoapEnvelope,
  type SoapVersion,
} from '../../bindings/soap';
import { parseUntrustedXml, type XmlLimits } from '../xml/parse-xml';
import { isElement, optionalChild, readSimpleText } from '../xml/dom';
import { NS } from '../xml/namespaces';
import {
  handleLogoutRequest,
  responseInput,
  type LogoutResponder,
} from './respond-to-logout-request';
import { buildLogoutResponse } from '../logout-response/build-logout-response';

/**
 * The SAML SOAP binding, receiving side (flow 2): unwraps the envelope, answers a
 * LogoutRequest with a SOAP envelope holding the signed LogoutResponse (HTTP 200, even
 * when the SAML status is an error, as SAML's SOAP binding wants), and answers anything
 * that is not a usable envelope with a SOAP Fault.
 *
 * @example
 * ```ts
 * const reply = await receiveSoapLogout(bodyText, '1.1', responder, xmlLimits);
 * res.writeHead(reply.statusCode, reply.headers).end(reply.body);
 * ```
 */
export async function receiveSoapLogout(
  bodyText: string,
  contentTypeVersion: SoapVersion,
  responder: LogoutResponder,
  xmlLimits: XmlLimits,
  /** With mutual TLS: the IdPs the client certificate belongs to; the Issuer must be one. */
  tlsIdps?: ReadonlySet<string>,
): Promise<SloReply> {
  let version = contentTypeVersion;
  let message: Element;
  try {
    const unwrapped = unwrapSoapEnvelope(parseUntrustedXml(bodyText, xmlLimits));
    version = unwrapped.version;
    message = unwrapped.message;
    if (!isElement(message, NS.samlp, 'LogoutRequest')) {
      throw new SloError(
        SloErrorCode.MessageUnexpected,
        `SOAP Body holds ${(message as Element).localName}, not a LogoutRequest`,
      );
    }
    if (tlsIdps && !tlsIdps.has(issuerOf(message))) {
      throw new SloError(
        SloErrorCode.ClientCertificateMismatch,
        'the TLS client certificate is not one of the Issuer',
      );
    }
  } catch (err) {
    const error = toSloError(err, SloErrorCode.SoapMalformed, 'unreadable');
    responder.logger.warn(
      { event: 'saml_slo.soap_fault', code: error.code, reason: error.message },
      'SOAP logout refused',
    );
    return soapFault(version, error);
  }
  const outcome = await handleLogoutRequest(message, responder, 'soap');
  // Over SOAP the answer travels on the same connection: no Destination. The index clean-up
  // (and the hooks after it) runs while the response is signed in the thread pool; the
  // answer waits for both, even when signing fails.
  const [built] = await Promise.allSettled([
    buildLogoutResponse(responseInput(outcome, responder, undefined), responder.signing),
    outcome.settled,
  ]);
  if (built.status === 'rejected') throw built.reason;
  const { xml } = built.value;
  return {
    statusCode: 200,
    headers: { 'Content-Type': soapContentType(version), 'Cache-Control': 'no-store' },
    body: wrapInSoapEnvelope(xml, version),
    outcome,
  };
}

/** The Issuer text, before verification (only compared with the TLS peer's IdPs). */
function issuerOf(message: Element): string {
  const issuer = optionalChild(message, NS.saml, 'Issuer');
  return issuer ? readSimpleText(issuer).trim() : '';
}

/**
 * Refusals at the HTTP level, answered with their own HTTP status (the error table's), not
 * the one SOAP gives its faults.
 */
const HTTP_LEVEL: ReadonlySet<string> = new Set([
  SloErrorCode.BodyTooLarge,
  SloErrorCode.BodyTimeout,
  SloErrorCode.UnsupportedMediaType,
  SloErrorCode.MethodNotAllowed,
  SloErrorCode.ClientCertificateRequired,
  SloErrorCode.ClientCertificateMismatch,
]);

/**
 * A SOAP Fault reply for an error that left no SAML message to answer. SOAP 1.1 requires
 * HTTP 500 for every fault; SOAP 1.2 uses 400 for sender faults. HTTP-level refusals
 * (413, 408, 415, 405, 403) keep their own status. An error the error table answers with
 * `Responder` (ours, not the sender's) is a `Server` fault.
 *
 * @example
 * ```ts
 * return soapFault('1.1', new SloError('SLO_XML_MALFORMED', 'bad'));
 * ```
 */
export function soapFault(version: SoapVersion, error: SloError): SloReply {
  const answer = answerFor(error.code);
  const kind =
    error.code === SloErrorCode.SoapMustUnderstand
      ? 'mustUnderstand'
      : answer.status === SamlStatus.Responder
        ? 'server'
        : 'client';
  const statusCode = HTTP_LEVEL.has(error.code)
    ? answer.httpStatus
    : version === '1.1' || kind !== 'client'
      ? 500
      : 400;
  return {
    statusCode,
    headers: { 'Content-Type': soapContentType(version), 'Cache-Control': 'no-store' },
    body: buildSoapFault(version, kind, error.code),
    error,
  };
}
