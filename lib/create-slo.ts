import { createHash } from 'node:crypto';
import { resolveOptions, type ResolvedConfig } from './options/resolve-options';
import { warnExpiredCertificates } from './options/warn-expired-certificates';
import { createStartLogoutHandler, type StartLogoutOptions } from './express/start-logout-handler';
import { RequestIds } from './protocol/sp-initiated/request-ids';
import type { SpLogoutSettings } from './protocol/sp-initiated/sp-logout-settings';
import type { SpLogoutStarter } from './protocol/sp-initiated/start-sp-logout';
import { buildSpMetadata } from './protocol/metadata/build-sp-metadata';
import { runHook } from './hooks/run-hook';
import { remembersLogoutRequests } from './session-index/session-index';
import type { SloOptions } from './options/slo-options';
import type { SessionIndex, SessionQuery } from './session-index/session-index';
import { hashNameId } from './session-index/hash-name-id';
import type { SamlStatusValue } from './errors';
import { decideStatus } from './protocol/logout/decide-status';
import { endMatchingSessions, type LogoutReport } from './protocol/logout/end-matching-sessions';
import { SloSessionStore } from './express/slo-session-store';
import { storeMayOutliveTheProcess } from './express/store-may-outlive-the-process';
import { createSloRouter, type SloRequestHandler } from './express/slo-router';
import {
  reportOutcome,
  withDestroyedHook,
  type LogoutResponder,
} from './protocol/logout/respond-to-logout-request';
import { trackSamlLogins, type SamlStrategyLike } from './passport/track-saml-logins';

/**
 * A configured saml-slo instance. Create one per app with {@link createSlo}.
 *
 * @example
 * ```ts
 * const slo = createSlo(options);
 * app.use(slo.router()); // before the session middleware: it needs no session
 * app.use(session({ store: slo.store, secret, resave: false, saveUninitialized: false }));
 * app.use(passport.initialize());
 * app.use(passport.session());
 * passport.use('saml', slo.trackLogins(new Strategy(samlOptions, verify, logoutVerify)));
 * app.post('/logout', slo.logout()); // after it: it ends the current session
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
   * Express/connect middleware serving the logout endpoint (`/saml/logout`: SOAP, Redirect
   * and POST bindings, both directions) and SP metadata (`/saml/metadata`). Mount it at the
   * app's root, before the session middleware: it finds sessions through the session index,
   * never through a cookie, so IdP calls cost no session lookup (it also works after it).
   */
  router(): SloRequestHandler;
  /**
   * A route handler that starts SP-initiated logout: ends the local session, then sends
   * the IdP a LogoutRequest; the user lands on `sp.afterLogoutUrl?saml_logout=…`.
   * POST only (CSRF-safe) unless `allowGet`.
   */
  logout(options?: StartLogoutOptions): SloRequestHandler;
  /**
   * The SP metadata document (what `GET /saml/metadata` serves). Signed (`metadata.sign`),
   * it carries a `validUntil` `metadata.validForMs` after it was signed.
   */
  metadata(): Promise<string>;
  /**
   * Wraps a @node-saml/passport-saml `Strategy` or `MultiSamlStrategy` so every SAML login
   * is recorded for logout. Returns the same strategy.
   */
  trackLogins<S extends SamlStrategyLike>(strategy: S): S;
  /**
   * Ends every session of one user at one IdP (or only those with the given
   * SessionIndexes), on every instance sharing the session index: the admin's "log this
   * user out everywhere". Records the logout, as an IdP's would be: for the index's
   * `logoutRecordTtlMs` (1 h by default) a login of that user authenticated at the IdP before
   * now by this server's clock (one in flight, and also a new SSO login riding the IdP
   * session the user still has) is refused with `SLO_LOGIN_ALREADY_LOGGED_OUT`; with
   * SessionIndexes, logins with those. So a stolen IdP session cannot log back in; to let the
   * user back in, have the IdP authenticate them afresh (passport-saml's `forceAuthn`) or end
   * their IdP session too. Reports honestly: PartialLogout when a session could not be
   * destroyed.
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
  // Every instance of an app must check replays the same way (the same kind of index, hook
  // or not): operators can compare this line across instances.
  config.logger.info(
    { event: 'saml_slo.replay_check', logoutRequests: responder.replayCheck },
    'where LogoutRequest IDs are checked against replay',
  );
  config.logger.info(
    {
      event: 'saml_slo.session_ending',
      sessionsEnded: responder.terminator.endsInClaim ? 'in-claim' : 'through-store',
    },
    'how a logout ends the sessions it claims',
  );
  if (!config.sessionIndex.shared && storeMayOutliveTheProcess(config.store)) {
    config.logger.warn(
      { event: 'saml_slo.index_not_persistent' },
      'the session index is not shared (in memory, by default), the session store may outlive this process: after a restart, a logout finds none of the sessions made before it and answers Success (each ends at its next save, one request late, if that comes within the logout record lifetime, 1 h by default); use RedisSessionIndex from saml-slo/redis beside a persistent store',
    );
  }
  warnExpiredCertificates(config.certificates, config.now(), config.logger);
  const spLogout = createSpLogoutSettings(config, responder);
  const starter: SpLogoutStarter = {
    spEntityID: config.spEntityID,
    idps: config.idps,
    signing: config.signing,
    settings: spLogout,
    logger: config.logger,
    now: config.now,
  };
  // Metadata depends only on configuration: build (and sign) it once, on first use. Signed
  // metadata carries a validUntil, so it is signed again once a tenth of its validity has
  // passed: what is served stays valid for at least nine tenths of metadata.validForMs.
  let metadataDocument: Promise<string> | undefined;
  let metadataSignedAt = 0;
  const metadata = () => {
    const now = config.now();
    const validFor = config.signMetadata ? config.metadataValidForMs : undefined;
    if (validFor !== undefined && now - metadataSignedAt >= validFor / 10)
      metadataDocument = undefined;
    if (metadataDocument === undefined) metadataSignedAt = now;
    return (metadataDocument ??= buildMetadata(config, now).catch((err: unknown) => {
      metadataDocument = undefined; // retry next time rather than serve a failure forever
      throw err;
    }));
  };
  return {
    store,
    sessionIndex: config.sessionIndex,
    logoutUrl: config.logoutUrl,
    router: () =>
      createSloRouter({
        logoutPath: config.logoutPath,
        metadataPath: config.metadataPath,
        maxBodyBytes: config.maxBodyBytes,
        bodyTimeoutMs: config.bodyTimeoutMs,
        xmlLimits: config.xmlLimits,
        responder,
        spLogout,
        metadata,
        logger: config.logger,
        ...(config.soapClientCertificates
          ? { soapClientCertificates: config.soapClientCertificates }
          : {}),
      }),
    logout: (logoutOptions) =>
      createStartLogoutHandler(starter, config.baseOrigin, config.logger, {
        allowGet: logoutOptions?.allowGet ?? config.allowGetLogout,
      }),
    metadata,
    logoutUser: async (user) => {
      const started = Date.now();
      const tidyWork: Promise<void>[] = [];
      const report = await endMatchingSessions(
        { ...user, issuedAt: config.now() },
        config.sessionIndex,
        withDestroyedHook(responder, 'admin', user),
        { tidying: (work) => tidyWork.push(work) },
      );
      await Promise.all(tidyWork);
      const status = decideStatus(report, 'success');
      await reportOutcome(responder, {
        trigger: 'admin',
        report,
        status,
        error: report.error,
        started,
      });
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
        onReplacingSessionWithoutLogin: (sid) => store.noteWithoutLogin(sid),
        onNewLoginSession: (sid) => store.noteNewLoginSession(sid),
        onIndexed: (sid, login, until) => store.noteIndexed(sid, login, until),
      }),
  };
}

function createSpLogoutSettings(
  config: ResolvedConfig,
  responder: LogoutResponder,
): SpLogoutSettings {
  // Every instance holding the SP key derives the same secret, so any of them can check
  // the InResponseTo of a LogoutResponse to a request another one sent. A new key means a
  // new secret: answers to requests sent under the old one are refused (README, flow 4).
  const secret = createHash('sha256')
    .update(config.signing.privateKey.export({ type: 'pkcs8', format: 'der' }))
    .update('saml-slo logout request ids')
    .digest();
  return {
    bindingPreference: config.spBindings,
    afterLogoutUrl: config.afterLogoutUrl,
    requestIds: new RequestIds(secret, config.now),
    requestLifetimeMs: config.requestLifetimeMs,
    soapTimeoutMs: config.soapTimeoutMs,
    responseContext: responder.verification,
    onResult: async (event) => {
      try {
        config.metrics.spLogoutCompleted({ binding: event.binding, result: event.result });
      } catch (err) {
        config.logger.error(
          { event: 'saml_slo.metrics_failed', cause: String(err) },
          'a metric failed',
        );
      }
      await runHook('onSpLogoutResult', () => config.hooks.onSpLogoutResult(event), config.logger);
    },
  };
}

function buildMetadata(config: ResolvedConfig, now: number): Promise<string> {
  const soap = config.advertiseSoap === 'auto' ? config.sessionIndex.shared : config.advertiseSoap;
  return buildSpMetadata(
    {
      entityID: config.spEntityID,
      signingCertificateBase64: config.signing.certificateBase64,
      ...(config.encryptionCertificateBase64 === undefined
        ? {}
        : { encryptionCertificateBase64: config.encryptionCertificateBase64 }),
      logoutUrl: config.logoutUrl,
      sloBindings: soap ? ['soap', 'redirect', 'post'] : ['redirect', 'post'],
      acsUrl: config.acsUrl,
      nameIDFormats: config.nameIDFormats,
      // Signed metadata says when it stops being valid, as this library requires of an IdP's.
      ...(config.signMetadata && config.metadataValidForMs !== undefined
        ? { validUntil: new Date(now + config.metadataValidForMs) }
        : {}),
    },
    config.signMetadata ? config.signing : undefined,
  );
}

function createResponder(config: ResolvedConfig, store: SloSessionStore): LogoutResponder {
  // The app's own store, unwrapped: only the index can tell whether it may delete its sessions.
  let fellBack = false;
  const claimAndEnd = config.sessionIndex.endsSessionsOf?.(config.store, () => {
    if (fellBack) return;
    fellBack = true; // once per process: the start-up line said 'in-claim'
    config.logger.warn(
      {
        event: 'saml_slo.session_ending',
        sessionsEnded: 'through-store',
        reason: 'the session store no longer matches the index (its client or prefix changed)',
      },
      'logouts now end sessions through the store',
    );
  });
  return {
    spEntityID: config.spEntityID,
    verification: {
      idps: config.idps,
      expectedDestination: config.logoutUrl,
      requireDestination: config.requireDestination,
      clockSkewMs: config.clockSkewMs,
      maxMessageAgeMs: config.maxMessageAgeMs,
      algorithmPolicy: { allowSha1: config.allowSha1 },
      decryptionKeyPem: config.decryptionKeyPem,
      replayCache: config.replayCache,
      now: config.now,
    },
    idps: config.idps,
    index: config.sessionIndex,
    replayCheck: !remembersLogoutRequests(config.sessionIndex)
      ? 'replay-cache'
      : config.beforeLogoutConfigured
        ? 'index-before-hook'
        : 'index-in-claim',
    terminator: {
      destroy: (sid, owner, tidying) => store.destroyAsync(sid, owner, tidying),
      ...(claimAndEnd
        ? { endsInClaim: { claimAndEnd, ended: async (sid) => store.forgetEnded(sid) } }
        : {}),
    },
    signing: config.signing,
    noSessionStatus: config.noSessionStatus,
    logger: config.logger,
    hooks: config.hooks,
    metrics: config.metrics,
  };
}
