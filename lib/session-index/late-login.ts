import type { LoginRecord } from './login-record';

/** The logouts recorded for one user at one IdP. */
export interface LogoutRecords {
  /** IssueInstant (ms) of the latest NameID-wide logout, if any. */
  readonly allBefore?: number;
  /** SessionIndexes that were logged out. */
  readonly sessionIndexes: ReadonlySet<string>;
}

/**
 * Why a recorded logout already ended `login` (design §5, the logout arrived before the
 * login finished), or `undefined` when none did: one of its SessionIndexes was logged out,
 * or the whole NameID was logged out at or after its AuthnInstant. A login without
 * AuthnInstant is judged by SessionIndex only.
 *
 * @example
 * ```ts
 * lateLoginReason(record, { sessionIndexes: new Set(['_s1']) }); // a reason, for record with '_s1'
 * ```
 */
export function lateLoginReason(login: LoginRecord, records: LogoutRecords): string | undefined {
  if (login.sessionIndexes.some((s) => records.sessionIndexes.has(s))) {
    return 'the IdP already logged out this login (SessionIndex)';
  }
  const authnInstant = login.authnInstant === undefined ? NaN : Date.parse(login.authnInstant);
  if (
    records.allBefore !== undefined &&
    !Number.isNaN(authnInstant) &&
    authnInstant <= records.allBefore
  ) {
    return 'a logout of this user was recorded at or after this login was authenticated';
  }
  return undefined;
}
