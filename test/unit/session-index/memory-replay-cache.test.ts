import { SloError, SloErrorCode } from '../../../lib';
import { MemoryReplayCache } from '../../../lib/session-index/memory-replay-cache';
import { caughtSloErrorSync } from '../support/slo-error';

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
    it('when full of IDs still in their window, refuses a new one and forgets none', async () => {
      const { cache } = cacheWithClock(2);
      await cache.remember(IDP_A, '_1', T0 + 60_000);
      await cache.remember(IDP_A, '_2', T0 + 60_000);
      const refused = await cache.remember(IDP_A, '_3', T0 + 60_000).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(SloError);
      expect((refused as SloError).code).toBe(SloErrorCode.SessionIndexUnavailable);
      // Neither held ID was dropped to make room: both are still replays.
      await expect(cache.remember(IDP_A, '_1', T0 + 60_000)).resolves.toBe(false);
      await expect(cache.remember(IDP_A, '_2', T0 + 60_000)).resolves.toBe(false);
    });

    it('makes room by dropping expired IDs, never live ones', async () => {
      const { cache, clock } = cacheWithClock(2);
      await cache.remember(IDP_A, '_long', T0 + 600_000);
      await cache.remember(IDP_A, '_short', T0 + 1_000);
      clock.ms = T0 + 2_000;
      await expect(cache.remember(IDP_A, '_new', T0 + 600_000)).resolves.toBe(true);
      await expect(cache.remember(IDP_A, '_long', T0 + 600_000)).resolves.toBe(false);
      await expect(cache.remember(IDP_A, '_new', T0 + 600_000)).resolves.toBe(false);
    });

    it('accepts new IDs again once the held ones have expired', async () => {
      const { cache, clock } = cacheWithClock(3);
      for (const i of [0, 1, 2]) await cache.remember(IDP_A, `_${i}`, T0 + 60_000);
      await expect(cache.remember(IDP_A, '_3', T0 + 60_000)).rejects.toBeInstanceOf(SloError);
      clock.ms = T0 + 60_000;
      await expect(cache.remember(IDP_A, '_3', T0 + 120_000)).resolves.toBe(true);
    });

    it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
      'refuses maxEntries %p when built (SLO_OPTION_INVALID)',
      (maxEntries) => {
        const error = caughtSloErrorSync(() => new MemoryReplayCache({ maxEntries }));
        expect(error.code).toBe(SloErrorCode.OptionInvalid);
        expect(error.option).toBe('MemoryReplayCache.maxEntries');
      },
    );
  });
});
