import session from 'express-session';
import type { SessionStoreLike } from '../options/slo-options';

/**
 * Whether `store` may keep sessions past a restart of this process: anything but
 * express-session's own MemoryStore (a store the app wrote may well be in memory too; this
 * only decides whether a start-up warning is worth giving).
 *
 * @example
 * ```ts
 * storeMayOutliveTheProcess(new session.MemoryStore()); // false
 * storeMayOutliveTheProcess(new RedisStore({ client })); // true
 * ```
 */
export function storeMayOutliveTheProcess(store: SessionStoreLike): boolean {
  return !(store instanceof session.MemoryStore);
}
