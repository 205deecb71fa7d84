import { answerFor, SamlStatus, type SloError } from '../../errors';
import type { SpLogoutResult } from '../../hooks/hook-events';

/**
 * How an SP-initiated logout whose answer, brought by the browser (Redirect, POST), could
 * not be verified is reported:
 * - `refused` when the answer itself failed a check (a Requester-class code: forged,
 *   unsigned, foreign, replayed, unreadable): anyone can send one;
 * - `failed` when saml-slo could not check it (the replay cache did not answer, an internal
 *   error: a Responder-class code).
 *
 * Over SOAP a bad answer comes on the connection this SP opened to the IdP: it is always
 * `failed` (see startSpLogout).
 *
 * @example
 * ```ts
 * unverifiedAnswerResult(new SloError(SloErrorCode.SignatureMissing, 'unsigned')); // 'refused'
 * unverifiedAnswerResult(new SloError(SloErrorCode.SessionIndexUnavailable, 'down')); // 'failed'
 * ```
 */
export function unverifiedAnswerResult(
  error: SloError,
): Extract<SpLogoutResult, 'failed' | 'refused'> {
  return answerFor(error.code).status === SamlStatus.Responder ? 'failed' : 'refused';
}
