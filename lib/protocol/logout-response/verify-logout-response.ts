import { SloError, SloErrorCode, SamlStatus } from '../../errors';
import { NS } from '../xml/namespaces';
import {
  childElements,
  isElement,
  optionalAttribute,
  optionalChild,
  readSimpleText,
} from '../xml/dom';
import {
  envelopedSignature,
  rememberMessage,
  verifyMessageHeader,
  type MessageContext,
  type SignatureCheck,
} from '../message/verify-message-header';

/** A LogoutResponse from an IdP that passed every check. */
export interface VerifiedLogoutResponse {
  readonly id: string;
  readonly issuer: string;
  readonly inResponseTo: string;
  readonly status: string;
  readonly subStatus?: string;
  readonly statusMessage?: string;
}

/** How SP-initiated logout ended, for the page the user lands on. */
export type LogoutResult = 'complete' | 'partial' | 'failed';

/**
 * Verifies an IdP's samlp:LogoutResponse to a LogoutRequest we sent: the checks every
 * message passes (signature by binding, Issuer, Destination, IssueInstant), then
 * `InResponseTo` must name a request we issued to that IdP, then the ID must be new.
 *
 * @throws {SloError} with the failed check's code (`SLO_MESSAGE_INVALID` for a foreign InResponseTo).
 * @example
 * ```ts
 * const response = await verifyLogoutResponse(element, context, (id, idp) => ids.check(id, idp, 900_000));
 * ```
 */
export async function verifyLogoutResponse(
  element: Element,
  context: MessageContext,
  isOurRequest: (inResponseTo: string | undefined, idpEntityID: string) => boolean,
  checkSignature: SignatureCheck = envelopedSignature,
): Promise<VerifiedLogoutResponse> {
  if (!isElement(element, NS.samlp, 'LogoutResponse')) {
    throw new SloError(
      SloErrorCode.MessageUnexpected,
      `expected a LogoutResponse, got ${(element as Element).localName}`,
    );
  }
  const header = verifyMessageHeader(element, context, checkSignature);
  const inResponseTo = optionalAttribute(element, 'InResponseTo');
  if (!isOurRequest(inResponseTo, header.issuer)) {
    throw new SloError(
      SloErrorCode.MessageInvalid,
      'InResponseTo does not name a LogoutRequest this SP sent',
    );
  }
  const statusElement = optionalChild(element, NS.samlp, 'Status');
  const code = statusElement && optionalChild(statusElement, NS.samlp, 'StatusCode');
  const status = code?.getAttribute('Value');
  if (!code || !status)
    throw new SloError(SloErrorCode.MessageInvalid, 'Status/StatusCode is missing');
  const sub =
    childElements(code)
      .find((e) => isElement(e, NS.samlp, 'StatusCode'))
      ?.getAttribute('Value') ?? undefined;
  const messageElement = optionalChild(statusElement!, NS.samlp, 'StatusMessage');
  const statusMessage = messageElement ? readSimpleText(messageElement).slice(0, 256) : undefined;
  await rememberMessage(header, context);
  return {
    id: header.id,
    issuer: header.issuer,
    inResponseTo: inResponseTo!,
    status,
    ...(sub ? { subStatus: sub } : {}),
    ...(statusMessage === undefined ? {} : { statusMessage }),
  };
}

/**
 * What a verified LogoutResponse means for the user: complete only on Success without
 * PartialLogout; partial whenever PartialLogout appears; failed otherwise.
 *
 * @example
 * ```ts
 * logoutResultOf({ status: SamlStatus.Success }); // 'complete'
 * ```
 */
export function logoutResultOf(response: { status: string; subStatus?: string }): LogoutResult {
  if (response.subStatus === SamlStatus.PartialLogout) return 'partial';
  return response.status === SamlStatus.Success ? 'complete' : 'failed';
}
