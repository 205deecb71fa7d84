import type { LoginRecord } from './login-record';

/**
 * Which sessions a LogoutRequest names: one user (NameID) at one IdP, and optionally
 * only the logins with one of the given SessionIndexes.
 *
 * Matching rules (SAML core §8.3): the issuer and the NameID value must be equal; an
 * absent Format is `unspecified`; NameQualifier and SPNameQualifier are compared only
 * when both the login and the query carry them.
 *
 * @example
 * ```ts
 * const query: SessionQuery = { issuer: idp, nameID: 'alice@example.com', sessionIndexes: ['_s1'] };
 * ```
 */
export interface SessionQuery {
  readonly issuer: string;
  readonly nameID: string;
  readonly nameIDFormat?: string;
  readonly nameQualifier?: string;
  readonly spNameQualifier?: string;
  /** Empty or absent: every session of this user at this IdP. */
  readonly sessionIndexes?: readonly string[];
}

/**
 * The reverse map from (IdP, NameID, SessionIndex) to express-session ids (design §4).
 * Both the in-memory and the Redis implementations satisfy this contract, and one
 * contract test suite runs against each.
 *
 * Implementations must:
 * - keep an entry at least as long as its session (`expiresAt`, extended by `touch`);
 * - make `add` replace any earlier record for the same session id;
 * - never scan all sessions: `find` costs O(sessions of that user);
 * - reject (not resolve empty) when they cannot answer, so a logout is never called
 *   a Success on a guess.
 *
 * @example
 * ```ts
 * await index.add('sid-1', record, Date.now() + 3_600_000);
 * const sids = await index.find({ issuer: record.issuer, nameID: record.nameID });
 * await index.remove('sid-1');
 * ```
 */
export interface SessionIndex {
  /**
   * True when every instance of the app sees the same entries (e.g. Redis), so a
   * back-channel logout can land on any instance.
   */
  readonly shared: boolean;
  /** Records that `sessionId` belongs to `login`, until `expiresAt` (ms since epoch; absent = no expiry). */
  add(sessionId: string, login: LoginRecord, expiresAt?: number): Promise<void>;
  /** The session ids matching `query`, without duplicates. */
  find(query: SessionQuery): Promise<string[]>;
  /** The login recorded for `sessionId`, if any. */
  get(sessionId: string): Promise<LoginRecord | undefined>;
  /** Moves the expiry of `sessionId`'s entries (no-op when unknown). */
  touch(sessionId: string, expiresAt: number | undefined): Promise<void>;
  /** Forgets `sessionId` (no-op when unknown). */
  remove(sessionId: string): Promise<void>;
}

/**
 * Remembers the IDs of processed SAML messages so none is accepted twice (design §6).
 *
 * @example
 * ```ts
 * if (!(await cache.remember(issuer, id, expiresAt))) throw replayed();
 * ```
 */
export interface ReplayCache {
  /**
   * Atomically records (issuer, id) until `expiresAt` (ms since epoch). Resolves `true`
   * the first time, `false` if it was already recorded and has not expired.
   */
  remember(issuer: string, id: string, expiresAt: number): Promise<boolean>;
}
