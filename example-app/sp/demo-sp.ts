import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
// In your own app: import { createSlo, type Slo, type SloLogger } from 'saml-slo';
import { createSlo, type Slo, type SloLogger } from '../../lib';
import { generateTestKeyPair } from '../../lib/testing';
import type { OutageSwitch } from '../idp/idp-context';
import { listen, type HttpEndpoint } from '../listen';
import type { IdpConfig } from './idp-config';
import { createSamlPassport } from './saml-passport';
import type { SessionBackend } from './session-backend';
import { homePage, loggedOutPage, type Link, type SpPageFrame } from './sp-pages';

/** Options of {@link startDemoSp}. */
export interface DemoSpOptions {
  readonly name: string;
  /** Page colour. */
  readonly accent: string;
  /** 0: a free port. */
  readonly port: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default `http://localhost:<port>`. */
  readonly publicUrl?: string;
  readonly idp: IdpConfig;
  readonly backend: SessionBackend;
  /** Accept IdP-initiated (unsolicited) SSO. Default false. */
  readonly unsolicitedSso?: boolean;
  /** Other parties, for the page's links (filled in once they run). */
  readonly links?: readonly Link[];
  readonly logger?: SloLogger;
}

/**
 * A running demo Service Provider. It is an {@link OutageSwitch}: `stop()` closes its port
 * (sessions stay in its store), `start()` opens it again.
 */
export interface DemoSpHandle extends OutageSwitch {
  readonly url: string;
  readonly entityID: string;
  readonly certificate: string;
  readonly slo: Slo;
  readonly endpoint: HttpEndpoint;
  /** Stops listening and closes the session backend. */
  close(): Promise<void>;
}

/**
 * One demo Service Provider, wired the way the README tells users to: express-session with
 * `slo.store`, the passport-saml strategy wrapped by `slo.trackLogins`, `slo.router()` for
 * `/saml/logout` and `/saml/metadata`, and `slo.logout()` behind the logout button.
 *
 * @example
 * ```ts
 * const flights = await startDemoSp({ name: 'Flights', accent: '#0d6efd', port: 3000, idp, backend: memoryBackend() });
 * ```
 */
export async function startDemoSp(options: DemoSpOptions): Promise<DemoSpHandle> {
  const endpoint = await listen(options.port, options.host ?? '127.0.0.1');
  const url = options.publicUrl ?? endpoint.localUrl;
  const entityID = `${url}/saml/metadata`;
  const keys = await generateTestKeyPair(`${options.name} demo SP`);
  const { backend } = options;

  const slo = createSlo({
    sp: {
      entityID,
      baseUrl: url,
      privateKey: keys.privateKey,
      certificate: keys.certificate,
      afterLogoutUrl: `${url}/logged-out`,
    },
    idps: [options.idp.slo],
    store: backend.store,
    ...(backend.sessionIndex ? { sessionIndex: backend.sessionIndex } : {}),
    ...(backend.replayCache ? { replayCache: backend.replayCache } : {}),
    // Advertise the SOAP (back-channel) SingleLogoutService even with the in-memory index
    // ('auto' would not): each demo SP is a single process, so a SOAP request always reaches
    // the process holding the session. Behind a load balancer, share the index (Redis).
    metadata: { soap: true },
    ...(options.logger ? { logger: options.logger } : {}),
  });

  const passport = createSamlPassport(slo, {
    url,
    entityID,
    idp: options.idp,
    unsolicitedSso: options.unsolicitedSso ?? false,
    ...(backend.cacheProvider ? { cacheProvider: backend.cacheProvider } : {}),
  });

  const frame: SpPageFrame = {
    name: options.name,
    accent: options.accent,
    get links() {
      return (options.links ?? []).filter((l) => l.url !== `${url}/`);
    },
    backendLabel: backend.label,
    logoutUrl: slo.logoutUrl,
  };
  const app = express();
  // Before the session middleware: the logout endpoint needs no session of its own.
  app.use(slo.router());
  app.use(
    session({
      store: slo.store,
      secret: `demo-${entityID}`,
      resave: false,
      saveUninitialized: false,
      // Cookies ignore the port: on localhost each party needs its own cookie name.
      name: `${options.name.toLowerCase()}.sid`,
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  app.get('/login', passport.authenticate('saml'));
  app.post(
    '/login/callback',
    express.urlencoded({ extended: false }),
    passport.authenticate('saml', { successRedirect: '/', failureRedirect: '/?login=failed' }),
  );
  // A Response passport-saml or saml-slo refuses (bad InResponseTo, unsolicited, already
  // logged out, …) arrives as an error: say so on the page rather than with a 500.
  app.use('/login/callback', (err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    options.logger?.warn({}, `login refused: ${err instanceof Error ? err.message : String(err)}`);
    res.redirect(303, '/?login=failed');
  });
  app.post('/logout', slo.logout());
  app.get('/me', (req, res) => {
    const record = req.session.samlSlo;
    if (!req.user || !record) return void res.status(401).json({ error: 'not logged in' });
    res.json({
      user: record.nameID,
      nameID: record.nameID,
      sessionIndex: record.sessionIndexes[0] ?? null,
    });
  });
  app.get('/', (req, res) => {
    const record = req.user ? req.session.samlSlo : undefined;
    res.send(homePage(frame, record, req.sessionID, req.query.login === 'failed'));
  });
  app.get('/logged-out', (req, res) => {
    res.send(loggedOutPage(frame, String(req.query.saml_logout ?? '')));
  });
  endpoint.setHandler(app);

  return {
    name: options.name,
    url,
    entityID,
    certificate: keys.certificate,
    slo,
    endpoint,
    get running() {
      return endpoint.running;
    },
    stop: () => endpoint.stop(),
    start: () => endpoint.start(),
    close: async () => {
      await endpoint.stop();
      await backend.close();
    },
  };
}
