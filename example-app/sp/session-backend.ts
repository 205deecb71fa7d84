import session from 'express-session';
import { RedisStore } from 'connect-redis';
import { createClient, type RedisClientType } from 'redis';
import type { CacheProvider } from '@node-saml/passport-saml';
import type { ReplayCache, SessionIndex } from '../../lib';
// In your own app: import { RedisSessionIndex, RedisReplayCache } from 'saml-slo/redis';
import { RedisReplayCache, RedisSessionIndex } from '../../lib/redis';
import { RedisCacheProvider } from './redis-cache-provider';

/**
 * Where a demo SP keeps its state: sessions (express-session store), saml-slo's session
 * index and replay cache, and passport-saml's cache of AuthnRequest IDs (for InResponseTo).
 *
 * @example
 * ```ts
 * const backend = process.env.REDIS_URL ? await redisBackend(process.env.REDIS_URL, 'flights') : memoryBackend();
 * ```
 */
export interface SessionBackend {
  /** What it is, for the SP page. */
  readonly label: string;
  readonly store: session.Store;
  /** Undefined: saml-slo's in-memory default. */
  readonly sessionIndex?: SessionIndex;
  readonly replayCache?: ReplayCache;
  /** Undefined: node-saml's in-memory default. */
  readonly cacheProvider?: CacheProvider;
  close(): Promise<void>;
}

/**
 * The embedded default: MemoryStore, saml-slo's in-memory index and replay cache, node-saml's
 * in-memory cache. One process, nothing to install.
 *
 * @example
 * ```ts
 * const backend = memoryBackend();
 * ```
 */
export function memoryBackend(): SessionBackend {
  return {
    label: 'MemoryStore, in-memory session index',
    store: new session.MemoryStore(),
    close: async () => undefined,
  };
}

/**
 * Redis for everything, under per-SP key prefixes (`<prefix>:sess:` for connect-redis,
 * `<prefix>:slo:` for saml-slo, `<prefix>:authn:` for passport-saml), so two SPs can share
 * one Redis without seeing each other's keys.
 *
 * @example
 * ```ts
 * const backend = await redisBackend('redis://127.0.0.1:6379', 'cars');
 * ```
 */
export async function redisBackend(url: string, prefix: string): Promise<SessionBackend> {
  // disableOfflineQueue: while Redis is down, fail at once instead of queueing commands.
  const client: RedisClientType = createClient({ url, disableOfflineQueue: true });
  client.on('error', (err: Error) => console.warn(`[${prefix}] redis: ${err.message}`));
  await client.connect();
  return {
    label: `Redis (connect-redis, RedisSessionIndex), key prefix ${prefix}:`,
    store: new RedisStore({ client, prefix: `${prefix}:sess:` }),
    sessionIndex: new RedisSessionIndex({ client, prefix: `${prefix}:slo:` }),
    replayCache: new RedisReplayCache({ client, prefix: `${prefix}:slo:` }),
    cacheProvider: new RedisCacheProvider(client, `${prefix}:authn:`),
    close: async () => {
      await client.quit().catch(() => client.destroy());
    },
  };
}
