import type { RedisClientLike } from './redis-client-like';

/**
 * The key prefix of a connect-redis `RedisStore` whose sessions a script run on `client` may
 * delete itself, or `undefined` when that is not certain. It is certain only when:
 *
 * - the store holds this very client object, so the same server and database;
 * - the client is not a Cluster (connect-redis's keys lie outside the user's hash slot);
 * - the store is a connect-redis `RedisStore` (a `prefix` string, a class of that name in its
 *   prototype chain) whose `destroy` is that class's own, not overridden by a subclass or on
 *   the instance: connect-redis's `destroy` is exactly `DEL prefix + sid`, which the script
 *   then does; an override might do more.
 *
 * Written by hand: no library says whether two stores share where their data live.
 *
 * @example
 * ```ts
 * const prefix = connectRedisKeyPrefix(new RedisStore({ client }), client); // 'sess:'
 * ```
 */
export function connectRedisKeyPrefix(store: object, client: RedisClientLike): string | undefined {
  const candidate = store as { client?: unknown; prefix?: unknown; destroy?: unknown };
  if (candidate.client !== client || typeof candidate.prefix !== 'string') return undefined;
  if ('masters' in client) return undefined; // a node-redis Cluster client
  if (Object.hasOwn(store, 'destroy')) return undefined;
  for (
    let proto: unknown = Object.getPrototypeOf(store);
    proto;
    proto = Object.getPrototypeOf(proto)
  ) {
    const owner = proto as { constructor?: { name?: unknown }; destroy?: unknown };
    if (owner.constructor?.name !== 'RedisStore' || !Object.hasOwn(owner, 'destroy')) continue;
    return candidate.destroy === owner.destroy ? candidate.prefix : undefined;
  }
  return undefined;
}
