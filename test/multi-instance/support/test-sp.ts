import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy, type Profile, type VerifiedCallback } from '@node-saml/passport-saml';
import { RedisStore } from 'connect-redis';
import type { RedisClientType } from 'redis';
import {
  createSlo,
  isSloError,
  MemorySessionIndex,
  type SessionDataLike,
  type SessionStoreLike,
  type Slo,
} from '../../../lib';
import { RedisReplayCache, RedisSessionIndex } from '../../../lib/redis';
import { createTestIdp, type TestIdp } from '../../../lib/testing';
import { keys } from '../../support/keys';
import { connectRedis } from '../../support/sp-app';
import { Gate } from './gate';
import { spEntityIdOf, type SpAddress } from './http';

/** The test IdP every instance trusts: the fixture keys, entityID https://idp.test/metadata. */
export const fixtureIdp = () =>
  createTestIdp({ ...keys.idp, entityID: 'https://idp.test/metadata' });

export interface TestSpOptions {
  /**
   * Sessions in connect-redis (`{prefix}:sess:`) and saml-slo's index and replay cache in
   * Redis (`{prefix}:slo:`), each instance on its own client. Instances given the same
   * url and prefix form one app, with one entityID (`https://{prefix}.app.test/saml/metadata`).
   * Default: MemoryStore + MemorySessionIndex. A logout ends connect-redis sessions inside
   * the index's claim unless `endSessionsInClaim` is false.
   */
  redis?: { url: string; prefix: string; endSessionsInClaim?: boolean };
  /** The app's own session store (default: MemoryStore, or connect-redis with `redis`). */
  store?: (client: RedisClientType | undefined) => SessionStoreLike;
  /** Give express-session the raw store, not slo.store: no resurrection guard (a control). */
  unguarded?: boolean;
  idp?: TestIdp;
  /** express-session cookie options (e.g. maxAge). */
  cookie?: session.CookieOptions;
  /** The SP's entityID, to start another SP on the same Redis prefix (default: the app's). */
  entityID?: string;
}

/**
 * An SP instance on 127.0.0.1 wired like the harness (express-session + Passport +
 * passport-saml wrapped by slo.trackLogins + slo.router()), plus what the harness lacks:
 * `POST /slow`, a session-modifying request the test can hold mid-flight, `POST /rotate` (a
 * new session id, same data), the app ending a session itself (`POST /session-destroy`:
 * `req.session.destroy()`; `POST /passport-logout`: `req.logout()`), and an error handler
 * that records errors and answers 500 `{ code }`.
 */
export interface TestSp extends SpAddress {
  readonly slo: Slo;
  /** The app's own store (what slo.store wraps). */
  readonly store: SessionStoreLike;
  readonly redis?: RedisClientType;
  /** Errors that reached the app's error handler. */
  readonly errors: unknown[];
  /** What saml-slo logged, in order. */
  readonly logs: readonly LoggedLine[];
  /**
   * Holds the next login's response at the returned gate, after Passport has logged the
   * user in (saved the new session, indexed the login) and before the end-of-response save;
   * with `changeSession` the handler then modifies the session, so that save has new data.
   */
  holdNextLogin(options?: { changeSession?: boolean }): Gate;
  /** Starts POST /slow with the cookie; the handler waits at the returned gate. */
  slow(cookie: string): { gate: Gate; reply: Promise<{ status: number; body: unknown }> };
  /**
   * Starts POST /rotate with the cookie: the app gives the session a new id keeping its data
   * (`req.session.regenerate()`, as on a privilege change); the handler waits at the
   * returned gate after the old id is destroyed and before the new one is saved.
   */
  rotate(cookie: string): {
    gate: Gate;
    reply: Promise<{ status: number; cookie: string | undefined; sessionID: string }>;
  };
  /** The session as the app's own store holds it (null when absent). */
  stored(sessionId: string): Promise<SessionDataLike | null>;
  close(): Promise<void>;
}

/** One line saml-slo logged. */
export interface LoggedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly message: string;
}

/**
 * How `sp` ends the sessions a logout claims, as createSlo logged it at start-up
 * (`saml_slo.session_ending`): `in-claim` or `through-store`.
 *
 * @example
 * ```ts
 * expect(sessionEndingOf(sp)).toBe('in-claim');
 * ```
 */
export function sessionEndingOf(sp: { readonly logs: readonly LoggedLine[] }): unknown {
  return sp.logs.find((line) => line.fields.event === 'saml_slo.session_ending')?.fields
    .sessionsEnded;
}

/** The connect-redis key prefix of an app started with `redis.prefix`. */
export const sessionPrefix = (prefix: string) => `${prefix}:sess:`;
const sloPrefix = (options: TestSpOptions) => `${options.redis!.prefix}:slo:`;

export async function startTestSp(options: TestSpOptions = {}): Promise<TestSp> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const idp = options.idp ?? (await fixtureIdp());
  // Instances on one Redis prefix are one app: one entityID, as behind a load balancer.
  const address = {
    baseUrl,
    idp,
    ...(options.entityID
      ? { entityID: options.entityID }
      : options.redis
        ? { entityID: `https://${options.redis.prefix}.app.test/saml/metadata` }
        : {}),
  };
  const redis = options.redis ? await connectRedis(options.redis.url) : undefined;
  const store =
    options.store?.(redis) ??
    (redis
      ? new RedisStore({ client: redis, prefix: sessionPrefix(options.redis!.prefix) })
      : new session.MemoryStore());
  const logs: LoggedLine[] = [];
  const record =
    (level: LoggedLine['level']) => (fields: Record<string, unknown>, message: string) =>
      void logs.push({ level, fields, message });
  const slo = createSlo({
    logger: {
      debug: record('debug'),
      info: record('info'),
      warn: record('warn'),
      error: record('error'),
    },
    sp: { entityID: spEntityIdOf(address), baseUrl, ...keys.sp },
    idps: [{ entityID: idp.entityID, signingCertificates: idp.certificate }],
    store,
    ...(redis
      ? {
          sessionIndex: new RedisSessionIndex({
            client: redis,
            prefix: sloPrefix(options),
            ...(options.redis!.endSessionsInClaim === false ? { endSessionsInClaim: false } : {}),
          }),
          replayCache: new RedisReplayCache({ client: redis, prefix: sloPrefix(options) }),
        }
      : { sessionIndex: new MemorySessionIndex() }),
  });

  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  const verify = (profile: Profile | null, done: VerifiedCallback) =>
    done(null, { nameID: profile?.nameID, issuer: profile?.issuer });
  const strategy = new Strategy(
    {
      callbackUrl: `${baseUrl}/login/callback`,
      entryPoint: 'https://idp.test/sso',
      issuer: spEntityIdOf(address),
      audience: spEntityIdOf(address),
      idpCert: idp.certificate,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      acceptedClockSkewMs: 5000,
    },
    verify,
    verify,
  );
  passport.use('saml', slo.trackLogins(strategy));

  const gates: Gate[] = [];
  const rotateGates: Gate[] = [];
  const loginGates: { gate: Gate; changeSession: boolean }[] = [];
  const errors: unknown[] = [];
  const app = express();
  app.use(
    session({
      store: options.unguarded ? (store as session.Store) : slo.store,
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
    passport.authenticate('saml', { failureRedirect: '/login-failed' }),
    async (req, res) => {
      const held = loginGates.shift();
      await held?.gate.pass();
      if (held?.changeSession) (req.session as unknown as { seen?: boolean }).seen = true;
      res.redirect('/me');
    },
  );
  app.get('/me', (req, res) => {
    if (!req.user) return res.status(401).json({ error: 'anonymous' });
    res.json({ user: req.user, sessionID: req.sessionID });
  });
  app.post('/slow', async (req, res) => {
    const user = (req.user as { nameID?: string } | undefined)?.nameID ?? null;
    await gates.shift()?.pass();
    const data = req.session as unknown as { counter?: number };
    data.counter = (data.counter ?? 0) + 1;
    res.json({ user, counter: data.counter });
  });
  app.post('/rotate', (req, res, next) => {
    const data = { ...(req.session as unknown as Record<string, unknown>) };
    req.session.regenerate(async (err) => {
      if (err) return next(err);
      for (const [key, value] of Object.entries(data)) {
        if (key !== 'cookie') (req.session as unknown as Record<string, unknown>)[key] = value;
      }
      await rotateGates.shift()?.pass();
      res.json({ sessionID: req.sessionID });
    });
  });
  // The app ending a session itself: express-session's destroy, and Passport's logout
  // (which regenerates the session, destroying the old one).
  app.post('/session-destroy', (req, res, next) =>
    req.session.destroy((err) => (err ? next(err) : res.json({ ended: true }))),
  );
  app.post('/passport-logout', (req, res, next) =>
    req.logout((err) => (err ? next(err) : res.json({ ended: true }))),
  );
  app.use(
    (err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      errors.push(err);
      res.status(500).json({ code: isSloError(err) ? err.code : 'UNEXPECTED' });
    },
  );
  server.on('request', app);

  return {
    ...address,
    slo,
    store,
    ...(redis ? { redis } : {}),
    errors,
    logs,
    holdNextLogin({ changeSession = false } = {}) {
      const gate = new Gate();
      loginGates.push({ gate, changeSession });
      return gate;
    },
    slow(cookie) {
      const gate = new Gate();
      gates.push(gate);
      const reply = fetch(`${baseUrl}/slow`, { method: 'POST', headers: { cookie } }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as unknown }),
      );
      return { gate, reply };
    },
    rotate(cookie) {
      const gate = new Gate();
      rotateGates.push(gate);
      const reply = fetch(`${baseUrl}/rotate`, { method: 'POST', headers: { cookie } }).then(
        async (r) => ({
          status: r.status,
          cookie: r.headers.get('set-cookie')?.split(';')[0],
          sessionID: ((await r.json()) as { sessionID: string }).sessionID,
        }),
      );
      return { gate, reply };
    },
    stored: (sessionId) =>
      new Promise((resolve, reject) =>
        store.get(sessionId, (err, data) => (err ? reject(err) : resolve(data ?? null))),
      ),
    async close() {
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
      if (redis) await redis.quit().catch(() => redis.destroy());
    },
  };
}
