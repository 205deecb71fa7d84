import { resolveOptions, type ResolvedConfig } from './options/resolve-options';
import type { SloOptions } from './options/slo-options';
import type { SessionIndex } from './session-index/session-index';
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
    trackLogins: (strategy) =>
      trackSamlLogins(strategy, {
        index: config.sessionIndex,
        knownIssuers: new Set(config.idps.keys()),
        logger: config.logger,
        onIndexed: (sid, until) => store.noteIndexed(sid, until),
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
