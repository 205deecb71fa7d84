import { SloError, SloErrorCode } from '../errors';
import { integerOption } from '../options/integer-option';
import type { ReplayCache } from './session-index';

/** Options of the in-process replay cache. */
export interface MemoryReplayCacheOptions {
  /** The clock (ms since epoch). Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Most IDs held at once. Default 100 000. Expired IDs are dropped to make room; when every
   * held ID is still inside its window, a new message is refused rather than an ID forgotten
   * early (which would let that message be replayed).
   */
  readonly maxEntries?: number;
}

/**
 * The in-process {@link ReplayCache}. Only authentic messages reach it (IDs are remembered
 * after the signature holds), so its size follows the IdPs' real logout rate. When it is
 * full of IDs still inside their window, `remember` fails with
 * `SLO_SESSION_INDEX_UNAVAILABLE` (the message is answered as not processed) instead of
 * forgetting an ID early.
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
  private readonly maxEntries: number;

  constructor(private readonly options: MemoryReplayCacheOptions = {}) {
    this.maxEntries = integerOption(options.maxEntries ?? 100_000, 'MemoryReplayCache.maxEntries');
  }

  async remember(issuer: string, id: string, expiresAt: number): Promise<boolean> {
    const now = (this.options.now ?? Date.now)();
    const key = `${issuer}\u0000${id}`;
    const known = this.seen.get(key);
    if (known !== undefined && known > now) return false;
    this.seen.delete(key);
    if (this.seen.size >= this.maxEntries) this.dropExpired(now);
    if (this.seen.size >= this.maxEntries) {
      throw new SloError(
        SloErrorCode.SessionIndexUnavailable,
        `the replay cache holds ${this.maxEntries} IDs still inside their window (MemoryReplayCache maxEntries)`,
      );
    }
    this.seen.set(key, expiresAt);
    return true;
  }

  private dropExpired(now: number): void {
    for (const [key, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(key);
  }
}
