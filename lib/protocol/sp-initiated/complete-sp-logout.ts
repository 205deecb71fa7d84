import { SloErrorCode, toSloError } from '../../errors';
import type { SloLogger } from '../../logging/logger';
import type { SignatureCheck } from '../message/verify-message-header';
import type { SpLogoutResult } from '../../hooks/hook-events';
import { logoutResultOf, verifyLogoutResponse } from '../logout-response/verify-logout-response';
import { redirectReply, type SloReply } from '../reply';
import { landingUrl, type SpLogoutSettings } from './sp-logout-settings';
import { unverifiedAnswerResult } from './unverified-answer-result';

/**
 * Completes an SP-initiated logout with the IdP's LogoutResponse (Redirect or POST): the
 * response must verify and answer a request this SP sent; the user then lands on
 * `afterLogoutUrl` with `saml_logout=complete|partial|failed`. A response that fails
 * verification is reported to the hook and metric as `refused` (with its code), not as
 * `failed`: anyone can send one, so it must not count as the IdP's answer; one saml-slo
 * could not check (the replay cache down) is `failed` (see {@link unverifiedAnswerResult}).
 * Either lands on `failed` (the IdP's logout is not confirmed; the local session was
 * already ended), and is logged with its code. The answer is not bound to the browser that brings it (its
 * `InResponseTo` is checked statelessly): the result describes the IdP's answer, not that
 * browser's session.
 *
 * @example
 * ```ts
 * return completeSpLogout(element, envelopedSignature, 'post', settings, logger);
 * ```
 */
export async function completeSpLogout(
  element: Element,
  checkSignature: SignatureCheck,
  binding: string,
  settings: SpLogoutSettings,
  logger: SloLogger,
): Promise<SloReply> {
  let result: SpLogoutResult;
  let issuer: string | undefined;
  let code: string | undefined;
  try {
    const response = await verifyLogoutResponse(
      element,
      settings.responseContext,
      (id, idp) => settings.requestIds.check(id, idp, settings.requestLifetimeMs),
      checkSignature,
    );
    result = logoutResultOf(response);
    issuer = response.issuer;
    logger[result === 'complete' ? 'info' : 'warn'](
      {
        event: 'saml_slo.sp_logout_completed',
        binding,
        issuer: response.issuer,
        result,
        status: response.status,
        ...(response.subStatus ? { subStatus: response.subStatus } : {}),
      },
      'SP-initiated logout answered',
    );
  } catch (err) {
    const error = toSloError(err, SloErrorCode.Internal, 'verification failed');
    logger.warn(
      { event: 'saml_slo.sp_logout_response_refused', binding, code: error.code },
      'LogoutResponse refused',
    );
    result = unverifiedAnswerResult(error);
    code = error.code;
  }
  await settings.onResult({
    binding: binding === 'redirect' ? 'redirect' : 'post',
    result,
    ...(issuer === undefined ? {} : { issuer }),
    ...(code === undefined ? {} : { code }),
  });
  return redirectReply(landingUrl(settings.afterLogoutUrl, result));
}
