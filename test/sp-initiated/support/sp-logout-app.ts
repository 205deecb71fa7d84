import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy, type Profile, type VerifiedCallback } from '@node-saml/passport-saml';
import {
  createSlo,
  type Slo,
  type SloLogger,
  type SloOptions,
  type SessionStoreLike,
  type StartLogoutOptions,
} from '../../../lib';
import {
  FORM_CONTENT_TYPE,
  createTestIdp,
  formBody,
  type IdpLogoutResponseInput,
  type LoginResponseInput,
  type TestIdp,
} from '../../../lib/testing';
import { keys } from '../../support/keys';

/** The IdP of these tests: the fixture IdP key pair under this entityID. */
export const IDP_ENTITY_ID = 'https://idp.test/metadata';

/** The IdP's SingleLogoutService URLs for the browser bindings (never fetched: the test is the browser). */
export const IDP_SLO = {
  redirect: 'https://idp.test/slo/redirect',
  post: 'https://idp.test/slo/post',
} as const;

/** One log entry saml-slo wrote. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

type SingleLogoutService = NonNullable<SloOptions['idps'][number]['singleLogoutService']>;

export interface SpLogoutAppOptions {
  /** The IdP's SingleLogoutService (default: Redirect and POST at {@link IDP_SLO}). */
  endpoints?: SingleLogoutService;
  /** Extra / overriding saml-slo options. */
  slo?: Partial<Omit<SloOptions, 'sp' | 'store'>> & { sp?: Partial<SloOptions['sp']> };
  /**
   * The public URL the SP is known by (`sp.baseUrl`, Destination of what the IdP sends), when
   * it runs behind a load balancer. Default: its own http://127.0.0.1:port.
   */
  publicUrl?: string;
  /** The express-session store (default: a new MemoryStore). */
  store?: SessionStoreLike;
  /** express-session's `cookie` options (default: express-session's own). */
  cookie?: session.CookieOptions;
  /** Options of the `slo.logout()` mounted at `/sp-logout`. */
  logout?: StartLogoutOptions;
  /** More routes of the app, mounted after the session and Passport. */
  extraRoutes?: (app: express.Express) => void;
}

/** A reply of the app, read once. */
export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly location: string | null;
  readonly body: string;
}

/**
 * An SP like the harness in test/support/sp-app.ts (Express + express-session + Passport +
 * passport-saml + saml-slo on a real port), plus what SP-initiated logout needs:
 * `app.all('/sp-logout', slo.logout())` and a non-SAML login at `/local-login`.
 */
export interface SpLogoutApp {
  /** Where the app really listens. */
  readonly baseUrl: string;
  /** `sp.baseUrl`: where the app is known to the IdP. */
  readonly publicUrl: string;
  readonly spEntityID: string;
  /** The public logout URL (Destination of IdP messages). */
  readonly logoutUrl: string;
  /** The logout URL on this instance's real port. */
  readonly localLogoutUrl: string;
  readonly idp: TestIdp;
  readonly slo: Slo;
  /** The app's own store (unwrapped). */
  readonly store: SessionStoreLike;
  /** Everything saml-slo logged. */
  readonly logs: LogEntry[];
  /** Logs in through the ACS with a login Response built from `input`; returns the cookie. */
  login(input: Omit<LoginResponseInput, 'acsUrl' | 'spEntityID'>): Promise<string>;
  /** A session logged in without SAML (`req.login` with a local user); returns the cookie. */
  localLogin(name: string): Promise<string>;
  /** GET /me: the session's user and id, or null when anonymous. */
  me(cookie: string): Promise<{ user: { nameID: string }; sessionID: string } | null>;
  /** The stored session `sid`, or null when gone. */
  storedSession(sid: string): Promise<unknown>;
  /** The user's logout click: POST /sp-logout (or another method/path), without following redirects. */
  startLogout(
    cookie: string | undefined,
    init?: { method?: string; path?: string; headers?: Record<string, string> },
  ): Promise<Reply>;
  /** The browser GETting a URL on this app (an IdP's Redirect to our logout URL). */
  get(url: string, cookie?: string): Promise<Reply>;
  /** The browser posting an IdP's auto-submit form to our logout URL. */
  postToLogout(fields: Readonly<Record<string, string | undefined>>): Promise<Reply>;
  close(): Promise<void>;
}

async function read(response: Response): Promise<Reply> {
  return {
    status: response.status,
    headers: response.headers,
    location: response.headers.get('location'),
    body: await response.text(),
  };
}

/** A test IdP with the fixture key pair. */
export function fixtureIdp(): Promise<TestIdp> {
  return createTestIdp({ ...keys.idp, entityID: IDP_ENTITY_ID });
}

/** Starts the app on 127.0.0.1 (free port). */
export async function startSpLogoutApp(options: SpLogoutAppOptions = {}): Promise<SpLogoutApp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const publicUrl = options.publicUrl ?? baseUrl;
  const spEntityID = `${publicUrl}/saml/metadata`;
  const idp = await fixtureIdp();
  const store: SessionStoreLike = options.store ?? new session.MemoryStore();
  const logs: LogEntry[] = [];
  const logger: SloLogger = {
    debug: (fields, message) => logs.push({ level: 'debug', fields, message }),
    info: (fields, message) => logs.push({ level: 'info', fields, message }),
    warn: (fields, message) => logs.push({ level: 'warn', fields, message }),
    error: (fields, message) => logs.push({ level: 'error', fields, message }),
  };

  const slo = createSlo({
    idps: [
      {
        entityID: idp.entityID,
        signingCertificates: idp.certificate,
        singleLogoutService: options.endpoints ?? IDP_SLO,
      },
    ],
    logger,
    ...options.slo,
    sp: { entityID: spEntityID, baseUrl: publicUrl, ...keys.sp, ...options.slo?.sp },
    store,
  });

  const app = express();
  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  const verify = (profile: Profile | null, done: VerifiedCallback) =>
    done(null, { nameID: profile?.nameID, issuer: profile?.issuer });
  const acsUrl = `${publicUrl}/login/callback`;
  passport.use(
    'saml',
    slo.trackLogins(
      new Strategy(
        {
          callbackUrl: acsUrl,
          entryPoint: 'https://idp.test/sso',
          issuer: spEntityID,
          audience: spEntityID,
          idpCert: idp.certificate,
          wantAssertionsSigned: true,
          wantAuthnResponseSigned: true,
          acceptedClockSkewMs: 5000,
        },
        verify,
        verify,
      ),
    ),
  );
  app.use(
    session({
      store: slo.store,
      secret: 'test-secret',
      resave: false,
      saveUninitialized: false,
      name: 'sp.sid',
      ...(options.cookie ? { cookie: options.cookie } : {}),
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(slo.router());
  app.post(
    '/login/callback',
    express.urlencoded({ extended: false }),
    passport.authenticate('saml', { failureRedirect: '/login-failed', successRedirect: '/me' }),
  );
  app.post('/local-login', express.urlencoded({ extended: false }), (req, res, next) =>
    req.login({ nameID: String(req.body.name) }, (err) => (err ? next(err) : res.redirect('/me'))),
  );
  app.get('/me', (req, res) => {
    if (!req.user) return res.status(401).json({ error: 'anonymous' });
    res.json({ user: req.user, sessionID: req.sessionID });
  });
  app.all('/sp-logout', slo.logout(options.logout));
  app.all('/sp-logout-get', slo.logout({ allowGet: true }));
  options.extraRoutes?.(app);
  server.on('request', app);

  const cookieOf = async (reply: Response) => {
    const cookie = reply.headers.get('set-cookie')?.split(';')[0];
    if (reply.status !== 302 || reply.headers.get('location') !== '/me' || !cookie) {
      throw new Error(`login failed: ${reply.status} ${await reply.text()}`);
    }
    return cookie;
  };

  return {
    baseUrl,
    publicUrl,
    spEntityID,
    logoutUrl: `${publicUrl}/saml/logout`,
    localLogoutUrl: `${baseUrl}/saml/logout`,
    idp,
    slo,
    store,
    logs,
    async login(input) {
      const response = idp.buildLoginResponse({ acsUrl, spEntityID, ...input });
      return cookieOf(
        await fetch(`${baseUrl}/login/callback`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': FORM_CONTENT_TYPE },
          body: formBody({ SAMLResponse: response.base64 }),
        }),
      );
    },
    async localLogin(name) {
      return cookieOf(
        await fetch(`${baseUrl}/local-login`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': FORM_CONTENT_TYPE },
          body: formBody({ name }),
        }),
      );
    },
    async me(cookie) {
      const reply = await fetch(`${baseUrl}/me`, { headers: { cookie } });
      if (reply.status === 401) return null;
      if (reply.status !== 200) throw new Error(`/me answered ${reply.status}`);
      return (await reply.json()) as { user: { nameID: string }; sessionID: string };
    },
    storedSession(sid) {
      return new Promise((resolve, reject) =>
        store.get(sid, (err, data) => (err ? reject(err) : resolve(data ?? null))),
      );
    },
    async startLogout(cookie, init = {}) {
      return read(
        await fetch(`${baseUrl}${init.path ?? '/sp-logout'}`, {
          method: init.method ?? 'POST',
          redirect: 'manual',
          headers: { ...(cookie === undefined ? {} : { cookie }), ...init.headers },
        }),
      );
    },
    async get(url, cookie) {
      return read(
        await fetch(url, { redirect: 'manual', headers: cookie === undefined ? {} : { cookie } }),
      );
    },
    async postToLogout(fields) {
      return read(
        await fetch(`${baseUrl}/saml/logout`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': FORM_CONTENT_TYPE },
          body: formBody(fields),
        }),
      );
    },
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}

/** The IdP's Redirect answer to `requestId`, delivered by the browser to `app`'s logout URL. */
export async function answerByRedirect(
  app: SpLogoutApp,
  requestId: string,
  answer: Partial<Omit<IdpLogoutResponseInput, 'inResponseTo'>> = {},
  cookie?: string,
): Promise<Reply> {
  const { xml } = app.idp.buildLogoutResponse({
    inResponseTo: requestId,
    destination: app.logoutUrl,
    sign: false,
    ...answer,
  });
  return app.get(app.idp.redirectLogoutResponseUrl(app.localLogoutUrl, xml), cookie);
}

/** The IdP's POST answer to `requestId`, posted by the browser to `app`'s logout URL. */
export async function answerByPost(
  app: SpLogoutApp,
  requestId: string,
  answer: Partial<Omit<IdpLogoutResponseInput, 'inResponseTo'>> = {},
): Promise<Reply> {
  const { xml } = app.idp.buildLogoutResponse({
    inResponseTo: requestId,
    destination: app.logoutUrl,
    ...answer,
  });
  return app.postToLogout(app.idp.postLogoutResponseFields(xml));
}
