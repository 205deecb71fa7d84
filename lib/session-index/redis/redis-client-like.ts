/**
 * The part of a node-redis (v5+) client saml-slo uses: Lua scripts only, so every index
 * operation is one atomic round trip. A `createClient()` client and a `createCluster()`
 * client both fit; keys of one user share a hash tag, so each script stays in one slot.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client: RedisClientLike = await createClient({ url: process.env.REDIS_URL }).connect();
 * ```
 */
export interface RedisClientLike {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}
