import { UNSPECIFIED_NAME_ID_FORMAT, type LoginRecord } from './login-record';
import type { SessionQuery } from './session-index';

/**
 * Whether a recorded login is one the query names (see {@link SessionQuery} for the
 * rules). Shared by every SessionIndex implementation so they cannot drift apart.
 *
 * @example
 * ```ts
 * loginMatches(record, { issuer: record.issuer, nameID: record.nameID }); // true
 * ```
 */
export function loginMatches(login: LoginRecord, query: SessionQuery): boolean {
  if (login.issuer !== query.issuer || login.nameID !== query.nameID) return false;
  const format = (f: string | undefined) => f ?? UNSPECIFIED_NAME_ID_FORMAT;
  if (format(login.nameIDFormat) !== format(query.nameIDFormat)) return false;
  if (conflicts(login.nameQualifier, query.nameQualifier)) return false;
  if (conflicts(login.spNameQualifier, query.spNameQualifier)) return false;
  const wanted = query.sessionIndexes ?? [];
  return wanted.length === 0 || login.sessionIndexes.some((s) => wanted.includes(s));
}

function conflicts(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a !== b;
}
