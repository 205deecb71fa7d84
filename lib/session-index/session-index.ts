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
 * A logout about to be carried out: the sessions it names, and when the IdP issued it
 * (its IssueInstant, ms since epoch), which decides which later logins it blocks.
 *
 * @example
 * ```ts
 * const claim: LogoutClaim = { ...query, issuedAt: request.issueInstant.getTime() };
 * ```
 */
export interface LogoutClaim extends SessionQuery {
  readonly issuedAt: number;
}

/**
 * A LogoutRequest's ID, to remember against replay until `keepUntil` (ms since epoch: when
 * a replay could no longer pass the IssueInstant window).
 *
 * @example
 * ```ts
 * const requestId: LogoutRequestId = { id: request.id, keepUntil: Date.now() + 600_000 };
 * ```
 */
export interface LogoutRequestId {
  readonly id: string;
  readonly keepUntil: number;
}

/**
 * A logout claim (`claimForLogout`, or `claimForLogoutRequest` when `request` is given, with
 * the same replay refusal) that, in the same atomic step, also deletes claimed sessions from
 * the app's store and removes their index entries, after tombstoning them. Resolves which
 * sessions it `ended`, and which it claimed but left to the caller to destroy through the
 * store (`notEnded`: e.g. a store key it found already gone, or could not reach from where
 * it runs); rejects, having done nothing, when it cannot claim. Made by
 * {@link SessionIndex.endsSessionsOf}.
 *
 * @example
 * ```ts
 * const claimAndEnd = index.endsSessionsOf?.(store);
 * const { ended, notEnded } = await claimAndEnd!({ issuer, nameID, issuedAt: Date.now() });
 * ```
 */
export type ClaimAndEnd = (
  claim: LogoutClaim,
  request?: LogoutRequestId,
) => Promise<{ readonly ended: string[]; readonly notEnded: string[] }>;

/** What the index knows of a session when it is saved: still live, or logged out meanwhile. */
export type SessionState = 'live' | 'logged-out';

/**
 * The reverse map from (IdP, NameID, SessionIndex) to express-session ids (design §4),
 * with the two guards of design §5: tombstones for sessions being logged out, and
 * logout records that refuse a login which arrives after its own logout.
 *
 * The in-memory and the Redis implementations satisfy this contract, and one contract
 * test suite runs against each. Implementations must:
 * - keep an entry at least as long as its session (`expiresAt`, moved by `touch`);
 * - make `add` and `touch` replace any earlier entry for the same session id of the same
 *   user (entries are kept per user, so a caller that moves a session id to another user
 *   removes it from the former first — `SloSessionStore` does);
 * - never scan all sessions: `find` and `claimForLogout` cost O(sessions of that user);
 * - reject (never resolve empty) when they cannot answer, so a logout is never called a
 *   Success on a guess.
 *
 * @example
 * ```ts
 * await index.add('sid-1', record, Date.now() + 3_600_000);
 * const sids = await index.claimForLogout({ issuer: record.issuer, nameID: record.nameID, issuedAt: Date.now() });
 * // … destroy each session through the store, which calls index.remove(sid, record)
 * ```
 */
export interface SessionIndex {
  /**
   * True when every instance of the app sees the same entries (e.g. Redis), so a
   * back-channel logout can land on any instance.
   */
  readonly shared: boolean;
  /**
   * Called by `createSlo` with the SP's entityID before it uses the index (again, with the
   * same one, for each further `createSlo` of that SP). A shared index keeps each SP's
   * logins apart by it, so SPs sharing one store for the index (one Redis, one prefix) never
   * claim each other's logins; every instance of one SP has the same `sp.entityID`, as SAML
   * requires. An index already serving another SP throws `SLO_OPTION_INVALID`: one index
   * object serves one SP. Tooling that uses an index outside `createSlo` calls it first.
   */
  forServiceProvider?(entityID: string): void;
  /**
   * Records that `sessionId` belongs to `login`, until `expiresAt` (ms since epoch;
   * absent = no expiry).
   *
   * @throws {SloError} `SLO_LOGIN_ALREADY_LOGGED_OUT` when a logout recorded earlier names
   *   this login: one of its SessionIndexes, or the whole NameID with an IssueInstant at or
   *   after the login's AuthnInstant.
   */
  add(sessionId: string, login: LoginRecord, expiresAt?: number): Promise<void>;
  /** The session ids matching `query`, without duplicates. Changes nothing. */
  find(query: SessionQuery): Promise<string[]>;
  /**
   * Atomically: records the logout (so a late login for it is refused), tombstones every
   * matching session (so an in-flight request cannot save it back), and returns their ids.
   * The caller then destroys each session through the session store.
   */
  claimForLogout(claim: LogoutClaim): Promise<string[]>;
  /**
   * Optional, together with `claimForLogoutRequest`: remembers the ID of a LogoutRequest
   * from `claim.issuer` naming `claim`'s user until `request.keepUntil`; resolves `true` the
   * first time, `false` for an ID remembered before. An index with both methods takes the
   * replay check of LogoutRequests over from the replay cache: this method before a
   * `beforeLogout` hook, `claimForLogoutRequest` (one round trip less) without one. Both
   * must use the same record, so that instances with and without a hook refuse each other's
   * replays. A wrapper around such an index must pass both through, on every instance of the
   * app or on none.
   */
  rememberLogoutRequest?(claim: LogoutClaim, request: LogoutRequestId): Promise<boolean>;
  /**
   * Optional, together with `rememberLogoutRequest`: that method and `claimForLogout` as one
   * atomic step.
   *
   * @throws {SloError} `SLO_MESSAGE_REPLAYED` when the ID was remembered before; nothing is
   *   recorded or tombstoned then.
   */
  claimForLogoutRequest?(claim: LogoutClaim, request: LogoutRequestId): Promise<string[]>;
  /**
   * Optional: when `store` (the app's own express-session store, as given to `createSlo`)
   * keeps its sessions where this index can delete them itself, in the same atomic step as
   * the claim, a {@link ClaimAndEnd} doing both; otherwise `undefined`, and each claimed
   * session is destroyed through the store. Asked once, by `createSlo`. Must answer
   * `undefined` unless deleting what the store's own `destroy` deletes is certain. An index
   * that checks again on each claim, and finds it no longer certain (the store was changed
   * after start-up), leaves every session to the store and calls `onFallBack`, so the app
   * can log that its logouts no longer end sessions in the claim.
   */
  endsSessionsOf?(store: object, onFallBack?: () => void): ClaimAndEnd | undefined;
  /**
   * Called when a session with a SAML login is saved: moves its entry's expiry (creating
   * the entry if it went missing) and says whether it was logged out meanwhile, in which
   * case the caller must destroy it again.
   */
  touch(sessionId: string, login: LoginRecord, expiresAt?: number): Promise<SessionState>;
  /**
   * Tombstones `sessionId` (of `login`), before the app's store destroys it: a destroy of a
   * SAML session through `slo.store` (`req.logout()`, `req.session.destroy()`,
   * `slo.logout()`) that no logout claim tombstoned. Until the tombstone expires, `touch`
   * answers `'logged-out'` (on every instance, for a shared index) and `isLoggedOut` is true
   * in this process, so a request still in flight cannot save the session back. The entry
   * stays until `remove`.
   */
  tombstone(sessionId: string, login: LoginRecord): Promise<void>;
  /** Forgets `sessionId`'s entry (no-op when unknown). Tombstones stay until they expire. */
  remove(sessionId: string, login: LoginRecord): Promise<void>;
  /**
   * Whether this process knows `sessionId` to be logged out (tombstoned). Synchronous and
   * local: it costs no I/O, so the store can consult it on every read.
   */
  isLoggedOut(sessionId: string): boolean;
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

/**
 * Whether `index` takes the replay check of LogoutRequests over from the replay cache (it
 * has both `rememberLogoutRequest` and `claimForLogoutRequest`).
 *
 * @example
 * ```ts
 * if (remembersLogoutRequests(index)) await index.claimForLogoutRequest(claim, requestId);
 * ```
 */
export function remembersLogoutRequests(
  index: SessionIndex,
): index is SessionIndex &
  Required<Pick<SessionIndex, 'rememberLogoutRequest' | 'claimForLogoutRequest'>> {
  return (
    typeof index.rememberLogoutRequest === 'function' &&
    typeof index.claimForLogoutRequest === 'function'
  );
}

/** Lifetimes of the logout guards, shared by every SessionIndex implementation. */
export interface LogoutGuardOptions {
  /**
   * How long a logged-out session id stays tombstoned, ms: longer than any request that
   * could still save it. Default 3 600 000 (1 hour).
   */
  readonly tombstoneTtlMs?: number;
  /**
   * How long a logout blocks a late login of the same SessionIndex / NameID, ms: longer
   * than an assertion's validity. Default 3 600 000 (1 hour).
   */
  readonly logoutRecordTtlMs?: number;
}

/**
 * Default lifetimes of tombstones and logout records (1 hour).
 *
 * @example
 * ```ts
 * new MemorySessionIndex({ tombstoneTtlMs: 2 * DEFAULT_GUARD_TTL_MS });
 * ```
 */
export const DEFAULT_GUARD_TTL_MS = 3_600_000;
