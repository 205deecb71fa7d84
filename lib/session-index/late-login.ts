import { SloError, SloErrorCode } from '../errors';
import type { LoginRecord } from './login-record';

/** The logouts recorded for one user at one IdP. */
export interface LogoutRecords {
  /** IssueInstant (ms) of the latest NameID-wide logout, if any. */
  readonly allBefore?: number;
  /** SessionIndexes that were logged out. */
  readonly sessionIndexes: ReadonlySet<string>;
}

/**
 * Refuses a login that a recorded logout already ended (design §5, the logout arrived
 * before the login finished): one of its SessionIndexes was logged out, or the whole
 * NameID was logged out at or after its AuthnInstant. A login without AuthnInstant is
 * judged by SessionIndex only.
 *
 * @throws {SloError} `SLO_LOGIN_ALREADY_LOGGED_OUT`.
 * @example
 * ```ts
 * refuseLateLogin(record, { sessionIndexes: new Set(['_s1']) }); // throws for record with '_s1'
 * ```
 */
export function refuseLateLogin(login: LoginRecord, records: LogoutRecords): void {
  if (login.sessionIndexes.some((s) => records.sessionIndexes.has(s))) {
    throw new SloError(
      SloErrorCode.LoginAlreadyLoggedOut,
      'the IdP already logged out this login (SessionIndex)',
    );
  }
  const authnInstant = login.authnInstant === undefined ? NaN : Date.parse(login.authnInstant);
  if (
    records.allBefore !== undefined &&
    !Number.isNaN(authnInstant) &&
    authnInstant <= records.allBefore
  ) {
    throw new SloError(
      SloErrorCode.LoginAlreadyLoggedOut,
      'the IdP logged this user out after this login was made',
    );
  }
}
