/**
 * The lightweight half of the shared pieces (no saml-slo import, so the load generator and
 * the scan process start fast): names, the Redis client and connect-redis store, percentiles.
 */
import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';

export type Redis = ReturnType<typeof createClient>;

export const IDP_ENTITY_ID = 'https://idp.bench/metadata';
export const SP_BASE_URL = 'https://sp.bench';
export const SP_ENTITY_ID = `${SP_BASE_URL}/saml/metadata`;
export const LOGOUT_URL = `${SP_BASE_URL}/saml/logout`;
export const SESSION_PREFIX = 'bench:sess:';
export const SLO_PREFIX = 'bench:slo:';
export const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const COOKIE_NAME = 'sp.sid';
export const COOKIE_SECRET = 'bench-secret';
export const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const SESSION_TTL_MS = 86_400_000;

/** Connects a node-redis client (errors are logged, never thrown asynchronously). */
export async function connectRedis(url: string): Promise<Redis> {
  const client = createClient({ url });
  let reported = false; // one line per client, not one per reconnect attempt
  client.on('error', (err: unknown) => {
    if (!reported) console.error('[redis client]', String(err));
    reported = true;
  });
  await client.connect();
  return client;
}

export function createStore(client: Redis): RedisStore {
  return new RedisStore({ client, prefix: SESSION_PREFIX });
}

/** Percentile of a sorted array (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
