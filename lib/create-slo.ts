import { resolveOptions, type ResolvedConfig } from './options/resolve-options';
import type { SloOptions } from './options/slo-options';
import type { SessionIndex, SessionQuery } from './session-index/session-index';
import { hashNameId } from './session-index/hash-name-id';
import type { SamlStatusValue } from './errors';
import { decideStatus } from './protocol/logout/decide-status';
import { endMatchingSessions, type LogoutReport } from './protocol/logout/end-matching-sessions';
import { SloSessionStore } from './express/slo-session-store';
import { createSloRouter, type SloRequestHandler } from './express/slo-router';
import type { LogoutResponder } from './protocol/logout/respond-to-logout-request';
import { trackSamlLogins, type SamlStrategyLike } from './passport/track-saml-logins';

/**
 * A configured saml-slo instance. Create one per app with {@link createSlo}.
 *
 * @example
 * ```ts
 * const slo = createSlo(options);
 * app.use(session({ store: slo.store, secret, resave: false, saveUninitialized: false }));
 * app.use(passport.initialize());
 * app.use(passport.session());
 * passport.use('saml', slo.trackLogins(new Strategy(samlOptions, verify, logoutVerify)));
 * app.use(slo.router());
 * ```
 */
export interface Slo {
  /** The session store to pass to express-session: the app's store, kept in step with the session index. */
  readonly store: SloSessionStore;
  /** The session index in use (the one passed in options, or the in-memory default). */
  readonly sessionIndex: SessionIndex;
  /** The public URL of the logout endpoint (what IdPs must send to; checked against Destination). */
  readonly logoutUrl: string;
  /**
   * Express/connect middleware serving `POST /saml/logout` (SOAP back-channel logout).
   * Mount it at the app's root.
   */
  router(): SloRequestHandler;
  /**
   * Wraps a @node-saml/passport-saml `Strategy` or `MultiSamlStrategy` so every SAML login
   * is recorded for logout. Returns the same strategy.
   */
  trackLogins<S extends SamlStrategyLike>(strategy: S): S;
  /**
   * Ends every session of one user at one IdP (or only those with the given
   * SessionIndexes), on every instance sharing the session index: the admin's "log this
   * user out everywhere". Records the logout, so a login in flight for it is refused too.
   * Reports honestly: PartialLogout when a session could not be destroyed.
   */
  logoutUser(user: SessionQuery): Promise<LogoutUserResult>;
}

/**
 * What {@link Slo.logoutUser} did.
 *
 * @example
 * ```ts
 * const result = await slo.logoutUser({ issuer: idpEntityID, nameID: 'alice@example.com' });
 * if (result.status !== SamlStatus.Success) alert(result.error?.code, result.failedSessionIds);
 * ```
 */
export interface LogoutUserResult extends LogoutReport {
  /** Success, or Responder with PartialLogout (same rules as a LogoutRequest). */
  readonly status: SamlStatusValue;
  readonly subStatus?: SamlStatusValue;
}

/**
 * Creates saml-slo from one options object, validated now: a wrong or missing option
 * throws a `SloError` (`code: 'SLO_OPTION_INVALID'`, `option: 'sp.privateKey'`, …) whose
 * message says how to fix it.
 *
 * @example
 * ```ts
 * import { createSlo } from 'saml-slo';
 * const slo = createSlo({
 *   sp: { entityID: 'https://app.example.com/saml/metadata', baseUrl: 'https://app.example.com', privateKey, certificate },
 *   idps: [{ entityID: 'https://idp.example.com/metadata', signingCertificates: idpCert }],
 *   store: new session.MemoryStore(),
 * });
 * ```
 */
export function createSlo(options: SloOptions): Slo {
  const config = resolveOptions(options);
  const store = new SloSessionStore(config.store, config.sessionIndex, config.logger);
  const responder = createResponder(config, store);
  return {
    store,
    sessionIndex: config.sessionIndex,
    logoutUrl: config.logoutUrl,
    router: () =>
      createSloRouter({
        logoutPath: config.logoutPath,
        maxBodyBytes: config.maxBodyBytes,
        xmlLimits: config.xmlLimits,
        responder,
        logger: config.logger,
      }),
    logoutUser: async (user) => {
      const report = await endMatchingSessions(
        { ...user, issuedAt: config.now() },
        config.sessionIndex,
        responder.terminator,
      );
      const status = decideStatus(report, 'success');
      config.logger[report.error ? 'warn' : 'info'](
        {
          event: 'saml_slo.logout_user',
          issuer: user.issuer,
          nameIdHash: hashNameId(user.issuer, user.nameID, user.nameIDFormat).slice(0, 16),
          sessionsFound: report.sessionsFound,
          sessionsDestroyed: report.sessionsDestroyed,
          ...(report.error ? { code: report.error.code } : {}),
        },
        'admin logout of a user',
      );
      return {
        ...report,
        status: status.status,
        ...(status.subStatus === undefined ? {} : { subStatus: status.subStatus }),
      };
    },
    trackLogins: (strategy) =>
      trackSamlLogins(strategy, {
        index: config.sessionIndex,
        knownIssuers: new Set(config.idps.keys()),
        logger: config.logger,
        indexExpiryOf: (session) => store.indexExpiryOf(session),
        onIndexed: (sid, login, until) => store.noteIndexed(sid, login, until),
      }),
  };
}

function createResponder(config: ResolvedConfig, store: SloSessionStore): LogoutResponder {
  return {
    spEntityID: config.spEntityID,
    verification: {
      idps: config.idps,
      expectedDestination: config.logoutUrl,
      requireDestination: config.requireDestination,
      clockSkewMs: config.clockSkewMs,
      maxMessageAgeMs: config.maxMessageAgeMs,
      algorithmPolicy: { allowSha1: config.allowSha1 },
      ...(config.decryptionKeyPem === undefined
        ? {}
        : { decryptionKeyPem: config.decryptionKeyPem }),
      replayCache: config.replayCache,
      now: config.now,
    },
    index: config.sessionIndex,
    terminator: { destroy: (sid) => store.destroyAsync(sid) },
    signing: config.signing,
    noSessionStatus: config.noSessionStatus,
    logger: config.logger,
  };
}
