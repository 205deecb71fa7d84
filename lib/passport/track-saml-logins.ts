import type { IncomingMessage } from 'node:http';
import { SloError, SloErrorCode } from '../errors';
import type { SloLogger } from '../logging/logger';
import type { LoginRecord } from '../session-index/login-record';
import type { SessionIndex } from '../session-index/session-index';
import { optionError } from '../options/load-keys';
import type { SessionDataLike } from '../options/slo-options';
import { SLO_SESSION_KEY } from '../express/slo-session-store';
import { loginRecordFromProfile, type SamlProfile } from './login-record-from-profile';

type Done = (err?: unknown) => void;

/** What passport gives each request's copy of a strategy, as far as we use it. */
interface PerRequestStrategy {
  success(user: unknown, info?: unknown): void;
  error(err: unknown): void;
  _signonVerify: (...args: unknown[]) => unknown;
}

/**
 * The shape of a @node-saml/passport-saml `Strategy` or `MultiSamlStrategy` that login
 * tracking relies on (checked at start-up).
 *
 * @example
 * ```ts
 * const strategy: SamlStrategyLike = new Strategy(samlOptions, verify, logoutVerify);
 * ```
 */
export interface SamlStrategyLike {
  authenticate(req: IncomingMessage, options?: unknown): void;
}

type LoginRequest = IncomingMessage & {
  logIn?: (user: unknown, options: unknown, done: Done) => void;
  login?: (user: unknown, options: unknown, done: Done) => void;
  logout?: (options: unknown, done: Done) => void;
  session?: (SessionDataLike & { regenerate?: (cb: Done) => void }) | null;
  sessionID?: string;
  /** Set by express-session: the store the session lives in (slo.store when guarded). */
  sessionStore?: {
    destroy(sessionId: string, cb: Done): void;
    /** Set by express-session: a fresh session and id on `req`. */
    generate?: (req: LoginRequest) => void;
  };
};

/** What login tracking needs. */
export interface LoginTracking {
  readonly index: SessionIndex;
  readonly knownIssuers: ReadonlySet<string>;
  readonly logger: SloLogger;
  /** When a session's index entry should expire (the store's rules). */
  readonly indexExpiryOf: (session: SessionDataLike) => number | undefined;
  /**
   * Told that the session a login is about to replace carries no SAML login (so destroying
   * it needs no index change, and the store need not read it first).
   */
  readonly onReplacingSessionWithoutLogin?: (sessionId: string) => void;
  /**
   * Told the id a login's regenerate just generated, before the login's first save (that
   * id has never been indexed, so its first save needs no resurrection guard).
   */
  readonly onNewLoginSession?: (sessionId: string) => void;
  /** Told how long a new login's index entry lasts (lets the store skip needless index writes). */
  readonly onIndexed?: (
    sessionId: string,
    login: LoginRecord,
    indexedUntil: number | undefined,
  ) => void;
}

/**
 * Makes a passport-saml strategy record every successful SAML login: the NameID (with
 * Format and qualifiers), every SessionIndex, the IdP and the AuthnInstant go into
 * `req.session.samlSlo` and into the session index under the *final* session id —
 * Passport 0.7 regenerates the session inside `req.logIn`, so the record is written
 * into the regenerated session before Passport saves it (no extra store write), and
 * indexed once `req.logIn` is done. The app's verify callback is untouched.
 *
 * Relies on passport-saml 5's `_signonVerify` hook, checked here at start-up.
 *
 * @throws {SloError} `SLO_OPTION_INVALID` when `strategy` is not a passport-saml strategy.
 * @example
 * ```ts
 * passport.use('saml', slo.trackLogins(new Strategy(samlOptions, verify, logoutVerify)));
 * ```
 */
export function trackSamlLogins<S extends SamlStrategyLike>(
  strategy: S,
  tracking: LoginTracking,
): S {
  const original = strategy.authenticate;
  if (
    typeof original !== 'function' ||
    typeof (strategy as unknown as PerRequestStrategy)._signonVerify !== 'function'
  ) {
    throw optionError(
      'trackLogins(strategy)',
      'must be a @node-saml/passport-saml Strategy or MultiSamlStrategy (v5)',
    );
  }
  strategy.authenticate = function authenticate(
    this: PerRequestStrategy,
    req: IncomingMessage,
    options?: unknown,
  ) {
    // passport hands each request its own copy of the strategy as `this`; the hooks below
    // run with other receivers, so keep a name for it.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const perRequest = this;
    let profile: SamlProfile | undefined;
    const verify = perRequest._signonVerify;
    perRequest._signonVerify = function capture(this: unknown, ...args: unknown[]) {
      profile = args[args.length - 2] as SamlProfile;
      return verify.apply(this, args);
    };
    const success = perRequest.success;
    perRequest.success = function captureSuccess(this: unknown, user: unknown, info?: unknown) {
      if (profile) {
        try {
          const record = loginRecordFromProfile(profile);
          if (!tracking.knownIssuers.has(record.issuer)) {
            tracking.logger.warn(
              { event: 'saml_slo.login_unknown_idp', issuer: record.issuer },
              'login from an IdP not in saml-slo idps: its logouts will be refused',
            );
          }
          recordOnLogIn(req as LoginRequest, record, tracking);
        } catch (err) {
          return perRequest.error(err);
        }
      }
      return success.call(this, user, info);
    };
    return original.call(this as unknown as S, req, options);
  } as S['authenticate'];
  return strategy;
}

function recordOnLogIn(req: LoginRequest, record: LoginRecord, tracking: LoginTracking): void {
  const logIn = req.logIn;
  if (typeof logIn !== 'function') {
    throw new SloError(
      SloErrorCode.LoginCaptureFailed,
      'req.logIn is missing: is passport.initialize() mounted?',
    );
  }
  const ownLogIn = Object.getOwnPropertyDescriptor(req, 'logIn');
  const ownLogin = Object.getOwnPropertyDescriptor(req, 'login');
  const restore = () => {
    if (ownLogIn) Object.defineProperty(req, 'logIn', ownLogIn);
    else delete req.logIn;
    if (ownLogin) Object.defineProperty(req, 'login', ownLogin);
    else delete req.login;
  };
  const wrapped = (user: unknown, options: unknown, done: Done | undefined) => {
    if (typeof options === 'function') [options, done] = [{}, options as Done];
    restore();
    const finish = done ?? (() => undefined);
    const before = req.session;
    if (!before)
      return finish(
        new SloError(
          SloErrorCode.LoginCaptureFailed,
          'no req.session: mount express-session before passport',
        ),
      );
    if (req.sessionID && !before[SLO_SESSION_KEY]) {
      tracking.onReplacingSessionWithoutLogin?.(req.sessionID);
    }
    const regenerate = before.regenerate;
    if (typeof regenerate === 'function') {
      before.regenerate = (cb: Done) =>
        regenerate.call(before, (err?: unknown) => {
          delete before.regenerate;
          if (!err && req.session) {
            req.session[SLO_SESSION_KEY] = record;
            if (req.sessionID) tracking.onNewLoginSession?.(req.sessionID);
          }
          cb(err);
        });
    }
    logIn.call(req, user, options, (err?: unknown) => {
      if (before.regenerate !== regenerate) delete before.regenerate;
      // Passport leaves the user in a session it could not save; express-session would save
      // it at the end of the response, logged in but never indexed (so never checked against
      // a logout that came first). Undo it.
      if (err) return undoLogin(req, () => finish(err), tracking.logger);
      const session = req.session!;
      session[SLO_SESSION_KEY] = record; // no-op when set during regenerate; saved by express-session otherwise
      const sessionId = req.sessionID!;
      const until = tracking.indexExpiryOf(session);
      tracking.index.add(sessionId, record, until).then(
        () => {
          tracking.onIndexed?.(sessionId, record, until);
          finish();
        },
        (cause: unknown) => failLogin(req, finish, cause, tracking.logger),
      );
    });
  };
  req.logIn = req.login = wrapped as LoginRequest['logIn'];
}

/**
 * Undoes a login that must not stand: one the IdP already logged out (the logout arrived
 * first), or one that could not be indexed and so could never be logged out by the IdP.
 */
function failLogin(req: LoginRequest, done: Done, cause: unknown, logger: SloLogger): void {
  const error =
    cause instanceof SloError && cause.code === SloErrorCode.LoginAlreadyLoggedOut
      ? cause
      : new SloError(SloErrorCode.SessionIndexUnavailable, 'the login could not be indexed', {
          cause,
        });
  logger.warn(
    { event: 'saml_slo.login_refused', code: error.code, reason: error.message },
    'SAML login refused',
  );
  undoLogin(req, () => done(error), logger);
}

/**
 * Takes the login out of the request's session: its SAML record, and the user through
 * Passport's own logout (which removes the user, then saves and regenerates the session
 * when the store lets it; whatever it reports, neither is left in the session in memory,
 * so no later save of this request writes the login).
 *
 * When Passport cannot save the logged-out session, the store may still hold the login's
 * first save under the current id: logged in, and never indexed, so no IdP logout would
 * ever find it. That session is then destroyed, and the request gets a fresh, empty session
 * under a new id, so no cookie names the old one: should the destroy fail too (the store
 * down), the login stays in the store only under an id the browser never received, until
 * the store expires it (logged as `saml_slo.login_undo_failed`).
 */
function undoLogin(req: LoginRequest, done: () => void, logger: SloLogger): void {
  if (req.session) delete req.session[SLO_SESSION_KEY];
  if (typeof req.logout !== 'function') return done();
  const sessionId = req.sessionID;
  req.logout({}, (logoutError?: unknown) => {
    // Passport saves, then regenerates: a new id means the save went through (only the
    // regenerate's destroy of that logged-out session failed), so nothing logged in is left.
    if (!logoutError || !sessionId || req.sessionID !== sessionId) return done();
    const store = req.sessionStore;
    replaceSession(req, store);
    const undoFailed = (cause: unknown) =>
      logger.error(
        {
          event: 'saml_slo.login_undo_failed',
          code: SloErrorCode.SessionDestroyFailed,
          cause: String(cause),
        },
        'a refused SAML login may remain in the store (it could not be destroyed); no cookie names it',
      );
    if (typeof store?.destroy !== 'function') {
      undoFailed('no req.sessionStore to destroy the session with');
      return done();
    }
    let called = false;
    const finish = (destroyError?: unknown) => {
      if (called) return;
      called = true;
      if (destroyError) undoFailed(destroyError);
      done();
    };
    try {
      store.destroy(sessionId, finish);
    } catch (thrown) {
      // A throw from `done` itself (a store calling back at once) is the app's, not ours.
      if (called) throw thrown;
      finish(thrown);
    }
  });
}

/**
 * Gives the request a fresh, empty session under a new id (express-session's
 * `store.generate`), so no cookie names the session it had; without it, no session at all
 * (express-session then sends no cookie).
 */
function replaceSession(req: LoginRequest, store: LoginRequest['sessionStore']): void {
  if (typeof store?.generate === 'function') store.generate(req);
  else req.session = null;
}
