import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';
import type { RedisClientType } from 'redis';

/**
 * passport-saml's cache of the AuthnRequest IDs it sent (checked against a Response's
 * InResponseTo), in Redis, so that any instance can check a login another one started.
 * Entries expire after `ttlSeconds` (node-saml's default request lifetime is 8 hours).
 *
 * @example
 * ```ts
 * new Strategy({ ...options, validateInResponseTo: 'always', cacheProvider: new RedisCacheProvider(client, 'app:authn:') }, verify);
 * ```
 */
export class RedisCacheProvider implements CacheProvider {
  constructor(
    private readonly client: RedisClientType,
    private readonly prefix: string,
    private readonly ttlSeconds = 8 * 3600,
  ) {}

  /** Stores `value` unless `key` is already there (then null), as node-saml's memory cache does. */
  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    const createdAt = Date.now();
    const set = await this.client.set(this.prefix + key, value, {
      condition: 'NX',
      expiration: { type: 'EX', value: this.ttlSeconds },
    });
    return set === null ? null : { value, createdAt };
  }

  async getAsync(key: string): Promise<string | null> {
    return this.client.get(this.prefix + key);
  }

  /** Removes `key`; returns it when it was there. */
  async removeAsync(key: string | null): Promise<string | null> {
    if (key === null) return null;
    return (await this.client.del(this.prefix + key)) > 0 ? key : null;
  }
}
