import { MemoryReplayCache } from '../../../lib/session-index/memory-replay-cache';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const IDP_A = 'https://idp-a.test/metadata';
const IDP_B = 'https://idp-b.test/metadata';

function cacheWithClock(maxEntries?: number) {
  const clock = { ms: T0 };
  const cache = new MemoryReplayCache({
    now: () => clock.ms,
    ...(maxEntries === undefined ? {} : { maxEntries }),
  });
  return { cache, clock };
}

describe('MemoryReplayCache', () => {
  it('accepts an ID the first time', async () => {
    const { cache } = cacheWithClock();
    await expect(cache.remember(IDP_A, '_id1', T0 + 60_000)).resolves.toBe(true);
  });

  it('refuses the same ID from the same issuer again (a replay)', async () => {
    const { cache } = cacheWithClock();
    await cache.remember(IDP_A, '_id1', T0 + 60_000);
    await expect(cache.remember(IDP_A, '_id1', T0 + 60_000)).resolves.toBe(false);
    await expect(cache.remember(IDP_A, '_id1', T0 + 120_000)).resolves.toBe(false);
  });

  it('keeps refusing until the remembered expiry', async () => {
    const { cache, clock } = cacheWithClock();
    await cache.remember(IDP_A, '_id1', T0 + 60_000);
    clock.ms = T0 + 59_999;
    await expect(cache.remember(IDP_A, '_id1', T0 + 120_000)).resolves.toBe(false);
  });

  it('accepts the ID again once its entry has expired', async () => {
    const { cache, clock } = cacheWithClock();
    await cache.remember(IDP_A, '_id1', T0 + 60_000);
    clock.ms = T0 + 60_000;
    await expect(cache.remember(IDP_A, '_id1', T0 + 120_000)).resolves.toBe(true);
    // …and that acceptance is remembered in turn.
    await expect(cache.remember(IDP_A, '_id1', T0 + 120_000)).resolves.toBe(false);
  });

  it('keys entries by issuer: the same ID from another issuer is not a replay', async () => {
    const { cache } = cacheWithClock();
    await expect(cache.remember(IDP_A, '_id1', T0 + 60_000)).resolves.toBe(true);
    await expect(cache.remember(IDP_B, '_id1', T0 + 60_000)).resolves.toBe(true);
    await expect(cache.remember(IDP_A, '_id1', T0 + 60_000)).resolves.toBe(false);
    await expect(cache.remember(IDP_B, '_id1', T0 + 60_000)).resolves.toBe(false);
  });

  it('cannot be confused by issuer/ID pairs that concatenate alike', async () => {
    const { cache } = cacheWithClock();
    await expect(cache.remember('https://idp.test/a', '_b', T0 + 60_000)).resolves.toBe(true);
    await expect(cache.remember('https://idp.test/a_', 'b', T0 + 60_000)).resolves.toBe(true);
  });

  describe('maxEntries', () => {
    it('evicts the oldest entry when full', async () => {
      const { cache } = cacheWithClock(2);
      await cache.remember(IDP_A, '_1', T0 + 60_000);
      await cache.remember(IDP_A, '_2', T0 + 60_000);
      await cache.remember(IDP_A, '_3', T0 + 60_000); // evicts _1
      await expect(cache.remember(IDP_A, '_3', T0 + 60_000)).resolves.toBe(false);
      await expect(cache.remember(IDP_A, '_2', T0 + 60_000)).resolves.toBe(false);
      await expect(cache.remember(IDP_A, '_1', T0 + 60_000)).resolves.toBe(true);
    });

    it('evicts expired entries before live ones', async () => {
      const { cache, clock } = cacheWithClock(2);
      await cache.remember(IDP_A, '_long', T0 + 600_000);
      await cache.remember(IDP_A, '_short', T0 + 1_000);
      clock.ms = T0 + 2_000;
      await cache.remember(IDP_A, '_new', T0 + 600_000); // evicts the expired _short, not _long
      await expect(cache.remember(IDP_A, '_long', T0 + 600_000)).resolves.toBe(false);
      await expect(cache.remember(IDP_A, '_new', T0 + 600_000)).resolves.toBe(false);
    });

    it('never holds more than maxEntries', async () => {
      const { cache } = cacheWithClock(3);
      for (let i = 0; i < 10; i += 1) await cache.remember(IDP_A, `_${i}`, T0 + 60_000);
      // The three newest are still remembered; the older ones were evicted.
      for (const i of [7, 8, 9]) {
        await expect(cache.remember(IDP_A, `_${i}`, T0 + 60_000)).resolves.toBe(false);
      }
      await expect(cache.remember(IDP_A, '_0', T0 + 60_000)).resolves.toBe(true);
    });
  });
});
