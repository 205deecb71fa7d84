import type { ReplayCache } from './session-index';

/**
 * The in-process {@link ReplayCache}. Only authentic messages reach it (IDs are remembered
 * after the signature holds), so its size follows the IdPs' real logout rate; `maxEntries`
 * is a backstop that evicts the oldest entry first.
 *
 * @example
 * ```ts
 * const cache = new MemoryReplayCache();
 * await cache.remember(idp, '_id1', Date.now() + 600_000); // true
 * await cache.remember(idp, '_id1', Date.now() + 600_000); // false: a replay
 * ```
 */
export class MemoryReplayCache implements ReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly options: { now?: () => number; maxEntries?: number } = {}) {}

  async remember(issuer: string, id: string, expiresAt: number): Promise<boolean> {
    const now = (this.options.now ?? Date.now)();
    const key = `${issuer}\u0000${id}`;
    const known = this.seen.get(key);
    if (known !== undefined && known > now) return false;
    this.seen.delete(key);
    this.seen.set(key, expiresAt);
    if (this.seen.size > (this.options.maxEntries ?? 100_000)) this.evict(now);
    return true;
  }

  private evict(now: number): void {
    for (const [key, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(key);
    const max = this.options.maxEntries ?? 100_000;
    for (const key of this.seen.keys()) {
      if (this.seen.size <= max) break;
      this.seen.delete(key);
    }
  }
}
