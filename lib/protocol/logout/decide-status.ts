import { SamlStatus, answerFor, type SamlStatusValue, type SloError } from '../../errors';
import type { LogoutReport } from './end-matching-sessions';

/** What to answer when a valid LogoutRequest matched no session here. */
export type NoSessionStatus = 'success' | 'unknown-principal';

/** The status a LogoutResponse carries. */
export interface ResponseStatus {
  readonly status: SamlStatusValue;
  readonly subStatus?: SamlStatusValue;
  /** A stable code explaining a non-Success status; sent as StatusMessage. */
  readonly code?: string;
}

/**
 * The status rules of design §6: Success only when every matched session is gone;
 * Responder/PartialLogout when any could not be destroyed or the index was unreadable;
 * no match is Success by default (the user is logged out here), or
 * Requester/UnknownPrincipal when configured.
 *
 * @example
 * ```ts
 * decideStatus(report, 'success').status; // SamlStatus.Success when all were destroyed
 * ```
 */
export function decideStatus(report: LogoutReport, noSession: NoSessionStatus): ResponseStatus {
  if (report.error) return statusForError(report.error);
  if (report.sessionsFound === 0 && noSession === 'unknown-principal') {
    return { status: SamlStatus.Requester, subStatus: SamlStatus.UnknownPrincipal };
  }
  return { status: SamlStatus.Success };
}

/**
 * The status for a refused or failed request, from the one error table.
 *
 * @example
 * ```ts
 * statusForError(new SloError('SLO_SIGNATURE_INVALID', '…')).subStatus; // RequestDenied
 * ```
 */
export function statusForError(error: SloError): ResponseStatus {
  const answer = answerFor(error.code);
  return {
    status: answer.status,
    ...(answer.subStatus === undefined ? {} : { subStatus: answer.subStatus }),
    code: error.code,
  };
}
