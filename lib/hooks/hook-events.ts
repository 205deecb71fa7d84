import type { SamlStatusValue } from '../errors';
import type { VerifiedLogoutRequest } from '../protocol/logout-request/logout-request';
import type { LogoutResult } from '../protocol/logout-response/verify-logout-response';

/** What triggered a logout: a LogoutRequest from an IdP (by binding), or the admin API. */
export type LogoutTrigger = 'soap' | 'redirect' | 'post' | 'admin';

/**
 * Passed to `hooks.beforeLogout` once a LogoutRequest has passed every check, before any
 * session is touched.
 *
 * @example
 * ```ts
 * const audit = (event: BeforeLogoutEvent) => auditLog.write({ idp: event.request.issuer, why: event.request.reason });
 * ```
 */
export interface BeforeLogoutEvent {
  readonly trigger: LogoutTrigger;
  readonly request: VerifiedLogoutRequest;
}

/**
 * What `hooks.beforeLogout` may return to refuse the logout: the request is then answered
 * with the chosen status (`Requester`/`RequestDenied` by default, or `Responder`), and no
 * session is touched. Return nothing to let it proceed.
 *
 * @example
 * ```ts
 * hooks: { beforeLogout: (e) => (frozenAccounts.has(e.request.nameID) ? { deny: 'responder' } : undefined) }
 * ```
 */
export interface LogoutVeto {
  readonly deny: 'requester' | 'responder';
}

/**
 * Passed to `hooks.onSessionDestroyed` for each session a logout destroyed.
 *
 * @example
 * ```ts
 * hooks: { onSessionDestroyed: (e) => websockets.closeAllFor(e.sessionId) }
 * ```
 */
export interface SessionDestroyedEvent {
  readonly trigger: LogoutTrigger;
  readonly sessionId: string;
  /** The IdP and NameID the logout named. */
  readonly issuer: string;
  readonly nameID: string;
}

/**
 * Passed to `hooks.afterLogout` once the outcome of an inbound logout is known.
 *
 * @example
 * ```ts
 * hooks: { afterLogout: (e) => { if (e.status !== SamlStatus.Success) pager.notify(e.code); } }
 * ```
 */
export interface AfterLogoutEvent {
  readonly trigger: LogoutTrigger;
  /** The verified request; absent when it was refused. */
  readonly request?: VerifiedLogoutRequest;
  readonly status: SamlStatusValue;
  readonly subStatus?: SamlStatusValue;
  /** The stable error code of a refusal or partial logout. */
  readonly code?: string;
  readonly sessionsFound: number;
  readonly sessionsDestroyed: number;
  readonly durationMs: number;
}

/**
 * How an SP-initiated logout ended, as `hooks.onSpLogoutResult` and the
 * `spLogoutCompleted` metric report it:
 *
 * - `complete`, `partial`, `failed`: the IdP's answer passed every check (signature, Issuer,
 *   Destination, age, `InResponseTo` of a request this SP sent, not replayed) and its status
 *   says so; `failed` also when the IdP's SOAP endpoint could not be reached or its SOAP
 *   answer failed those checks (it came on this SP's own connection), and when saml-slo
 *   could not check an answer (the replay cache did not answer), with `code`.
 * - `refused`: an answer the browser brought (Redirect, POST) failed those checks (forged,
 *   unsigned, foreign, replayed, unreadable). Anyone can send a browser or a request to the
 *   logout URL with such an answer, so it says nothing about the IdP: keep it apart from
 *   `failed` when alerting. The user lands on `saml_logout=failed` (the IdP's logout is not
 *   confirmed).
 *
 * @example
 * ```ts
 * const alarming = (result: SpLogoutResult) => result === 'failed' || result === 'partial';
 * ```
 */
export type SpLogoutResult = LogoutResult | 'refused';

/**
 * Passed to `hooks.onSpLogoutResult` when an SP-initiated logout ends: once the IdP's
 * answer is in (Redirect or POST, through the browser), or once the SOAP call ended.
 *
 * The answer is not bound to the browser that carries it: its `InResponseTo` is checked
 * statelessly (an HMAC any instance can verify), not against the browser's cookie, and the
 * local session was ended before the request was sent. A user can hand another browser the
 * IdP's answer URL, which is then reported (and lands) as `complete` while that browser's
 * own session is untouched. The event describes the IdP's answer to a request this SP sent,
 * not the session of the browser that delivered it: do not end, keep or attribute a
 * session by it.
 *
 * @example
 * ```ts
 * hooks: {
 *   onSpLogoutResult: (e) => {
 *     if (e.result === 'refused') securityLog.write({ binding: e.binding, code: e.code });
 *     else audit.write({ idp: e.issuer, result: e.result, code: e.code });
 *   },
 * }
 * ```
 */
export interface SpLogoutResultEvent {
  readonly binding: 'redirect' | 'post' | 'soap';
  readonly result: SpLogoutResult;
  /** The IdP the answer came from: a verified answer's Issuer, or the IdP called over SOAP. */
  readonly issuer?: string;
  /** The stable error code when the answer was refused, could not be checked, or never came. */
  readonly code?: string;
}

/**
 * Extension points of saml-slo. Each may be async; each is contained: one that throws or
 * rejects is logged (`saml_slo.hook_failed`) and never turns a failure into Success nor
 * crashes the process. Defaults (in `lib/hooks/default-hooks.ts`) do nothing.
 *
 * @example
 * ```ts
 * createSlo({ ...options, hooks: { onSessionDestroyed: (e) => tokens.revokeFor(e.sessionId) } });
 * ```
 */
export interface SloHooks {
  /** Audit, or veto with a chosen status. A hook that throws lets the logout proceed. */
  readonly beforeLogout?: (
    event: BeforeLogoutEvent,
  ) => LogoutVeto | void | Promise<LogoutVeto | void>;
  /**
   * For each destroyed session, e.g. to revoke the app's own tokens. Runs once the session
   * is gone from the store and its index entry removed, before the answer leaves.
   */
  readonly onSessionDestroyed?: (event: SessionDestroyedEvent) => void | Promise<void>;
  /**
   * After the outcome of an inbound logout is known and every `onSessionDestroyed` ran (the
   * index no longer holds the destroyed sessions), before the answer leaves.
   */
  readonly afterLogout?: (event: AfterLogoutEvent) => void | Promise<void>;
  /**
   * After an SP-initiated logout ends, with `result` `complete`, `partial`, `failed` or
   * `refused` (an answer that failed verification: see {@link SpLogoutResult}). It reports
   * the IdP's answer, not the session of the browser that brought it.
   */
  readonly onSpLogoutResult?: (event: SpLogoutResultEvent) => void | Promise<void>;
}
