import { SloError, SloErrorCode, toSloError } from '../../errors';
import { decodePostForm, buildPostForm, type PostMessage } from '../../bindings/post';
import {
  decodeRedirectQuery,
  encodeRedirectUrl,
  verifyRedirectSignature,
  type RedirectMessage,
} from '../../bindings/redirect';
import { parseUntrustedXml, type XmlLimits } from '../xml/parse-xml';
import { isElement } from '../xml/dom';
import { NS } from '../xml/namespaces';
import { buildLogoutResponse } from '../logout-response/build-logout-response';
import { envelopedSignature, type SignatureCheck } from '../message/verify-message-header';
import { pickEndpoint } from '../message/idp-descriptor';
import { errorReply, redirectReply, type SloReply } from '../reply';
import {
  handleLogoutRequest,
  responseInput,
  type LogoutResponder,
} from '../logout/respond-to-logout-request';
import { completeSpLogout } from '../sp-initiated/complete-sp-logout';
import type { SpLogoutSettings } from '../sp-initiated/sp-logout-settings';

/** A front-channel message as the HTTP layer received it. */
export type FrontChannelInput =
  | { readonly binding: 'redirect'; readonly rawQuery: string }
  | { readonly binding: 'post'; readonly formBody: string };

const MAX_RELAY_STATE = 1024;
/** A Redirect-binding message fits in a URL; its XML never needs more than this once inflated. */
const MAX_REDIRECT_XML = 64 * 1024;

/**
 * The HTTP-Redirect and HTTP-POST bindings, receiving side (flows 3 and 4).
 *
 * A LogoutRequest (IdP-initiated) gets the same verification and session lookup as over
 * SOAP — the browser's cookie is neither needed nor trusted — and is answered with a signed
 * LogoutResponse sent back through the browser to the IdP's SingleLogoutService
 * (ResponseLocation first), by the same binding when the IdP has it, carrying RelayState.
 * A refused request from a configured IdP is answered the same way with its Requester
 * status; anything else gets HTTP 400 naming the stable code. A LogoutResponse completes
 * an SP-initiated logout.
 *
 * @example
 * ```ts
 * const reply = await receiveFrontChannel({ binding: 'redirect', rawQuery }, responder, spLogout, limits);
 * ```
 */
export async function receiveFrontChannel(
  input: FrontChannelInput,
  responder: LogoutResponder,
  spLogout: SpLogoutSettings,
  xmlLimits: XmlLimits,
): Promise<SloReply> {
  let message: RedirectMessage | PostMessage;
  let element: Element;
  try {
    message =
      input.binding === 'redirect'
        ? decodeRedirectQuery(input.rawQuery, Math.min(xmlLimits.maxChars, MAX_REDIRECT_XML))
        : decodePostForm(input.formBody);
    element = parseUntrustedXml(message.xml, xmlLimits).documentElement;
  } catch (err) {
    const error = toSloError(err, SloErrorCode.MessageInvalid, 'unreadable');
    responder.logger.warn(
      { event: 'saml_slo.front_channel_refused', binding: input.binding, code: error.code },
      'front-channel logout refused',
    );
    return errorReply(400, error);
  }
  const check: SignatureCheck =
    input.binding === 'redirect'
      ? (_el, idp, policy) =>
          verifyRedirectSignature(message as RedirectMessage, idp.signingKeys, policy)
      : envelopedSignature;

  if (message.kind === 'SAMLResponse') {
    return completeSpLogout(element, check, input.binding, spLogout, responder.logger);
  }
  if (!isElement(element, NS.samlp, 'LogoutRequest')) {
    return errorReply(
      400,
      new SloError(SloErrorCode.MessageUnexpected, 'SAMLRequest is not a LogoutRequest'),
    );
  }
  const outcome = await handleLogoutRequest(element, responder, input.binding, check);
  await outcome.settled; // the browser is sent on once the index is clean and the hooks ran
  const target =
    outcome.idp &&
    pickEndpoint(
      outcome.idp,
      input.binding === 'redirect' ? ['redirect', 'post'] : ['post', 'redirect'],
    );
  if (!target) {
    // Nowhere to answer: a refusal from an unknown party, or an IdP without a front-channel endpoint.
    if (!outcome.request)
      return errorReply(
        outcome.error?.code === SloErrorCode.IssuerUnknown ? 403 : 400,
        outcome.error!,
      );
    return {
      statusCode: 200,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      body: `Logout processed: ${outcome.status.subStatus ?? outcome.status.status}\n`,
      outcome,
    };
  }
  const destination = target.endpoint.responseLocation ?? target.endpoint.location;
  // The bindings cap RelayState at 80 bytes; longer ones up to MAX_RELAY_STATE are echoed
  // (IdPs overstep the cap), a longer one is not: the logout stands, the operator is told.
  let relayState = message.relayState;
  if (relayState !== undefined && relayState.length > MAX_RELAY_STATE) {
    responder.logger.warn(
      {
        event: 'saml_slo.relay_state_dropped',
        binding: input.binding,
        requestId: outcome.request?.id,
        length: relayState.length,
      },
      `RelayState over ${MAX_RELAY_STATE} characters is not sent back`,
    );
    relayState = undefined;
  }
  const input2 = responseInput(outcome, responder, destination);
  if (target.binding === 'redirect') {
    const { xml } = await buildLogoutResponse(input2, undefined);
    return redirectReply(
      await encodeRedirectUrl(destination, 'SAMLResponse', xml, relayState, responder.signing),
      { outcome },
    );
  }
  const { xml } = await buildLogoutResponse(input2, responder.signing);
  const form = buildPostForm(destination, 'SAMLResponse', xml, relayState);
  return { statusCode: 200, headers: form.headers, body: form.html, outcome };
}
