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
   *
   * `signal` is a {@link CommandCancelSignal}: the part of an `AbortSignal` node-redis uses,
   * not an `AbortSignal` itself.
   */
  withAbortSignal?(signal: CommandCancelSignal): RedisClientLike;
}

/**
 * What `withAbortSignal` is handed: the part of `AbortSignal` node-redis 5 reads. It checks
 * `aborted` when the command is queued, adds one `'abort'` listener, and removes it as the
 * command is written to the socket; the listener drops the command from the write queue.
 *
 * @example
 * ```ts
 * const signal: CommandCancelSignal = new AbortController().signal; // an AbortSignal fits
 * ```
 */
export interface CommandCancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}
