/**
 * Servers under test, in their own process (forked by run.ts):
 * `node server.ts <kind>[,<kind>…] <redisUrl>` (full mode: one kind per process; quick mode
 * hosts every kind in one process to save start-up time). Sends `{ type: 'ready', ports }`; answers `{ type: 'rss' }` with the peak RSS since the last
 * ask, and samples RSS every 10 ms only from the first ask on (only the burst asks: an idle
 * server of another part must not wake up 100 times a second beside the one under load);
 * exits on `{ type: 'stop' }` or when the parent goes away.
 *
 * Kinds: `slo` (saml-slo), `alt` (the node-saml route a user would write today), `floor`
 * (the unavoidable work on bare node:http), `read-slo` / `read-plain` (an authenticated GET
 * through express-session with slo.store or plain connect-redis).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { createSlo } from '../lib';
import { RedisReplayCache } from '../lib/redis';
import {
  COOKIE_NAME,
  COOKIE_SECRET,
  IDP_ENTITY_ID,
  SLO_PREFIX,
  SP_BASE_URL,
  SP_ENTITY_ID,
  connectRedis,
  createIndex,
  createStore,
  keys,
  type Redis,
} from './common';
import { altHandler } from './alternative';
import { floorHandler } from './floor';

type Kind = 'slo' | 'alt' | 'floor' | 'read-slo' | 'read-plain';

function sessionMiddleware(store: session.Store) {
  return session({
    store,
    secret: COOKIE_SECRET,
    resave: false,
    saveUninitialized: false,
    name: COOKIE_NAME,
  });
}

function buildApp(kind: Kind, client: Redis): Parameters<typeof createServer>[1] {
  const store = createStore(client);
  if (kind === 'floor') return floorHandler(client);
  const app = express();
  if (kind === 'alt') {
    app.use(sessionMiddleware(store));
    app.post('/saml/logout', express.text({ type: () => true, limit: '1mb' }), altHandler(store));
    return app;
  }
  const slo = createSlo({
    sp: { entityID: SP_ENTITY_ID, baseUrl: SP_BASE_URL, ...keys.sp },
    idps: [{ entityID: IDP_ENTITY_ID, signingCertificates: keys.idp.certificate }],
    store,
    sessionIndex: createIndex(client),
    replayCache: new RedisReplayCache({ client, prefix: SLO_PREFIX }),
  });
  // As the README's quick start: the logout endpoint before the session middleware.
  if (kind === 'slo') app.use(slo.router());
  app.use(sessionMiddleware(kind === 'read-plain' ? store : slo.store));
  app.get('/me', (req, res) => {
    const user = (req.session as unknown as { passport?: { user?: { nameID?: string } } }).passport
      ?.user;
    if (!user) {
      res.status(401).end();
      return;
    }
    res.json({ nameID: user.nameID });
  });
  return app;
}

async function main(): Promise<void> {
  const [kindList, redisUrl] = process.argv.slice(2) as [string, string];
  const client = await connectRedis(redisUrl);
  let peakRss = process.memoryUsage.rss();
  let sampler: NodeJS.Timeout | undefined;
  const servers: Server[] = [];
  const ports: Record<string, number> = {};
  for (const kind of kindList.split(',') as Kind[]) {
    const server = createServer(buildApp(kind, client));
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports[kind] = (server.address() as AddressInfo).port;
    servers.push(server);
  }
  const stop = () => {
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
    void client.quit().catch(() => undefined);
    setTimeout(() => process.exit(0), 200).unref();
  };
  process.on('disconnect', () => process.exit(0));
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'rss') {
      sampler ??= setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
      }, 10).unref();
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      process.send!({ type: 'rss', peakRss });
      peakRss = process.memoryUsage.rss();
    } else if (msg.type === 'stop') {
      stop();
    }
  });
  process.send!({ type: 'ready', ports });
}

main().catch((err: unknown) => {
  console.error('[server]', err);
  process.exit(1);
});
