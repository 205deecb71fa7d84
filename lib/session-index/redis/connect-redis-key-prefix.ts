import type { RedisClientLike } from './redis-client-like';

/**
 * The key prefix of a connect-redis `RedisStore` whose sessions a script run on `client` may
 * delete itself, or `undefined` when that is not certain. It is certain only when:
 *
 * - the store holds this very client object, so the same server and database;
 * - the client is not a node-redis Cluster (connect-redis's keys lie outside the user's
 *   hash slot);
 * - the `destroy` the store uses is connect-redis's own: owned by a class named `RedisStore`
 *   whose parent is express-session's `Store` (connect-redis's class; a subclass that
 *   overrides `destroy`, whatever its name, or a `destroy` set on the instance might do more
 *   than `DEL prefix + sid`, which the script then does), and a `prefix` string.
 *
 * Asked again on every claim, so a store whose `client` or `prefix` is changed later is
 * followed (or destroyed through the store). Written by hand: no library says whether two
 * stores share where their data live.
 *
 * @example
 * ```ts
 * const prefix = connectRedisKeyPrefix(new RedisStore({ client }), client); // 'sess:'
 * ```
 */
export function connectRedisKeyPrefix(store: object, client: RedisClientLike): string | undefined {
  const candidate = store as { client?: unknown; prefix?: unknown };
  if (candidate.client !== client || typeof candidate.prefix !== 'string') return undefined;
  if ('masters' in client) return undefined; // a node-redis Cluster client
  let owner: unknown = store;
  while (owner && !Object.hasOwn(owner, 'destroy')) owner = Object.getPrototypeOf(owner);
  if (!owner || owner === store) return undefined; // none, or set on the instance
  const parent: unknown = Object.getPrototypeOf(owner);
  return className(owner) === 'RedisStore' && className(parent) === 'Store'
    ? candidate.prefix
    : undefined;
}

function className(prototype: unknown): unknown {
  return (prototype as { constructor?: { name?: unknown } } | null)?.constructor?.name;
}
