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
  /**
   * A view of the client whose commands `signal` cancels while they wait to be sent (e.g. in
   * the offline queue while Redis is down). node-redis clients have it; a call that timed out
   * is then never sent later. Without it (a Cluster client), a timed-out call still waiting
   * to be sent runs when the connection is back.
   */
  withAbortSignal?(signal: AbortSignal): RedisClientLike;
}
