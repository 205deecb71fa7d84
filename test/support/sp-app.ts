import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import session from 'express-session';
import express5 from 'express';
import express4 from 'express4';
import { Passport } from 'passport';
import {
  MultiSamlStrategy,
  Strategy,
  type Profile,
  type VerifiedCallback,
} from '@node-saml/passport-saml';
import { RedisStore } from 'connect-redis';
import { createClient, type RedisClientType } from 'redis';
import { createSlo, type Slo, type SloOptions, type SessionStoreLike } from '../../lib';
import { RedisReplayCache, RedisSessionIndex } from '../../lib/redis';
import { createTestIdp, type TestIdp } from '../../lib/testing';
import { keys } from './keys';

/** Which Express major to build the app with: both are supported. */
export type ExpressFlavour = 'express5' | 'express4';

export interface SpHarnessOptions {
  /** The express-session store (default: a new MemoryStore). */
  store?: SessionStoreLike;
  /** Extra / overriding saml-slo options. */
  slo?: Partial<Omit<SloOptions, 'sp' | 'store'>> & { sp?: Partial<SloOptions['sp']> };
  express?: ExpressFlavour;
  /** An IdP to reuse (default: a test IdP with the fixture keys). */
  idp?: TestIdp;
  /** passport-saml's `Strategy` (default) or `MultiSamlStrategy`. */
  strategy?: 'single' | 'multi';
  /**
   * Run on Redis: connect-redis for the sessions, RedisSessionIndex and RedisReplayCache,
   * all on one node-redis client to `url` (overrides `store`). A logout then ends sessions
   * inside the index's claim, unless `endSessionsInClaim` is false (through the store).
   */
  redis?: { url: string; prefix?: string; timeoutMs?: number; endSessionsInClaim?: boolean };
  /** express-session cookie options (e.g. maxAge). */
  cookie?: session.CookieOptions;
  /**
   * The control: the same app without saml-slo in the request path (express-session on the
   * raw store, the strategy not wrapped, no router), to measure what saml-slo adds.
   */
  withoutSlo?: boolean;
  /**
   * The SP's entityID (default `{baseUrl}/saml/metadata`). Instances of one app share it,
   * as behind a load balancer; the session index keeps each SP's logins apart by it.
   */
  entityID?: string;
  /** Middleware the app mounts before saml-slo's router (e.g. app-wide body parsers). */
  beforeRouter?: ReadonlyArray<
    (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void
  >;
}

/** A running SP: Express + express-session + Passport + passport-saml + saml-slo, on a real port. */
export interface SpHarness {
  readonly baseUrl: string;
  readonly spEntityID: string;
  readonly logoutUrl: string;
  readonly idp: TestIdp;
  readonly slo: Slo;
  readonly store: SessionStoreLike;
  /** The node-redis client, when started with `redis`. */
  readonly redis?: RedisClientType;
  /** Logs `nameID` in through the ACS with a fresh cookie jar; returns the session cookie. */
  login(
    nameID: string,
    sessionIndexes: string[],
    extra?: { nameIDFormat?: string },
  ): Promise<string>;
  /** GET /me with the cookie: the user and session id, or null when anonymous (401). */
  me(
    cookie: string,
  ): Promise<{ user: { nameID: string }; sessionID: string; samlSlo: unknown } | null>;
  /** POSTs a SOAP envelope to /saml/logout, cookie-less, as an IdP would. */
  postSoap(
    envelope: string,
    contentType?: string,
  ): Promise<{ status: number; contentType: string; body: string }>;
  close(): Promise<void>;
}

/**
 * Starts an SP on 127.0.0.1 (free port) the way a user would wire saml-slo: one line to
 * track logins, the store wrapper for express-session, the router at the root.
 */
export async function startSp(options: SpHarnessOptions = {}): Promise<SpHarness> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const spEntityID = options.entityID ?? `${baseUrl}/saml/metadata`;
  const idp =
    options.idp ?? (await createTestIdp({ ...keys.idp, entityID: 'https://idp.test/metadata' }));
  const redis = options.redis ? await connectRedis(options.redis.url) : undefined;
  const store: SessionStoreLike = redis
    ? new RedisStore({ client: redis, prefix: `${options.redis!.prefix ?? 'test'}:sess:` })
    : (options.store ?? new session.MemoryStore());
  const redisOptions = redis
    ? {
        sessionIndex: new RedisSessionIndex({
          client: redis,
          prefix: `${options.redis!.prefix ?? 'test'}:slo:`,
          ...(options.redis!.timeoutMs ? { timeoutMs: options.redis!.timeoutMs } : {}),
          ...(options.redis!.endSessionsInClaim === false ? { endSessionsInClaim: false } : {}),
        }),
        replayCache: new RedisReplayCache({
          client: redis,
          prefix: `${options.redis!.prefix ?? 'test'}:slo:`,
          ...(options.redis!.timeoutMs ? { timeoutMs: options.redis!.timeoutMs } : {}),
        }),
      }
    : {};

  const slo = createSloOrRelease(
    {
      idps: [{ entityID: idp.entityID, signingCertificates: idp.certificate }],
      ...redisOptions,
      ...options.slo,
      sp: { entityID: spEntityID, baseUrl, ...keys.sp, ...options.slo?.sp },
      store,
    },
    redis,
    server,
  );

  const express = options.express === 'express4' ? express4 : express5;
  const app = express();
  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  const verify = (profile: Profile | null, done: VerifiedCallback) =>
    done(null, { nameID: profile?.nameID, issuer: profile?.issuer });
  const samlOptions = {
    callbackUrl: `${baseUrl}/login/callback`,
    entryPoint: 'https://idp.test/sso',
    issuer: spEntityID,
    audience: spEntityID,
    idpCert: idp.certificate,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    acceptedClockSkewMs: 5000,
  };
  const strategy =
    options.strategy === 'multi'
      ? new MultiSamlStrategy(
          { getSamlOptions: (_req, done) => done(null, samlOptions) },
          verify,
          verify,
        )
      : new Strategy(samlOptions, verify, verify);
  passport.use('saml', options.withoutSlo ? strategy : slo.trackLogins(strategy));

  app.use(
    session({
      store: options.withoutSlo ? (store as session.Store) : slo.store,
      secret: 'test-secret',
      resave: false,
      saveUninitialized: false,
      name: 'sp.sid',
      ...(options.cookie ? { cookie: options.cookie } : {}),
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  for (const middleware of options.beforeRouter ?? []) app.use(middleware);
  if (!options.withoutSlo) app.use(slo.router());
  app.post(
    '/login/callback',
    express.urlencoded({ extended: false }),
    passport.authenticate('saml', { failureRedirect: '/login-failed', successRedirect: '/me' }),
  );
  app.get('/me', (req, res) => {
    if (!req.user) return res.status(401).json({ error: 'anonymous' });
    res.json({
      user: req.user,
      sessionID: req.sessionID,
      samlSlo: (req.session as unknown as Record<string, unknown>).samlSlo,
    });
  });
  app.post('/logout', (req, res, next) =>
    req.logout((err) => (err ? next(err) : res.json({ ok: true }))),
  );
  server.on('request', app);

  return {
    baseUrl,
    spEntityID,
    logoutUrl: `${baseUrl}/saml/logout`,
    idp,
    slo,
    store,
    async login(nameID, sessionIndexes, extra = {}) {
      const response = idp.buildLoginResponse({
        acsUrl: `${baseUrl}/login/callback`,
        spEntityID,
        nameID,
        sessionIndexes,
        ...extra,
      });
      const reply = await fetch(`${baseUrl}/login/callback`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ SAMLResponse: response.base64 }).toString(),
      });
      const location = reply.headers.get('location');
      const cookie = reply.headers.get('set-cookie')?.split(';')[0];
      if (reply.status !== 302 || location !== '/me' || !cookie) {
        throw new Error(`login failed: ${reply.status} ${location} ${await reply.text()}`);
      }
      return cookie;
    },
    async me(cookie) {
      const reply = await fetch(`${baseUrl}/me`, { headers: { cookie } });
      if (reply.status === 401) return null;
      if (reply.status !== 200) throw new Error(`/me answered ${reply.status}`);
      return (await reply.json()) as {
        user: { nameID: string };
        sessionID: string;
        samlSlo: unknown;
      };
    },
    async postSoap(envelope, contentType = 'text/xml; charset=utf-8') {
      const reply = await fetch(`${baseUrl}/saml/logout`, {
        method: 'POST',
        headers: {
          'content-type': contentType,
          soapaction: 'http://www.oasis-open.org/committees/security',
        },
        body: envelope,
      });
      return {
        status: reply.status,
        contentType: reply.headers.get('content-type') ?? '',
        body: await reply.text(),
      };
    },
    redis,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
      if (redis) await redis.quit().catch(() => redis.destroy());
    },
  };
}

/** createSlo, quitting the Redis client when the options are refused (so no handle leaks). */
function createSloOrRelease(
  options: SloOptions,
  redis: RedisClientType | undefined,
  server: Server,
): Slo {
  try {
    return createSlo(options);
  } catch (err) {
    void redis?.quit().catch(() => redis.destroy());
    server.close();
    throw err;
  }
}

/** A connected node-redis client whose errors (Redis stopped by a test) are not fatal. */
export async function connectRedis(url: string): Promise<RedisClientType> {
  const client: RedisClientType = createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 500) },
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
