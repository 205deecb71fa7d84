/**
 * `saml-slo/redis`: the session index and replay cache in Redis, for several app
 * instances behind a load balancer (with connect-redis for the sessions themselves).
 *
 * @example
 * ```ts
 * import { RedisSessionIndex, RedisReplayCache } from 'saml-slo/redis';
 * const sessionIndex = new RedisSessionIndex({ client });
 * ```
 * @packageDocumentation
 */
export {
  RedisSessionIndex,
  RedisReplayCache,
  type RedisSessionIndexOptions,
} from './session-index/redis/redis-session-index';
export type { CommandCancelSignal, RedisClientLike } from './session-index/redis/redis-client-like';
