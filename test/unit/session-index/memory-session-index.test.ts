import { MemorySessionIndex } from '../../../lib/session-index/memory-session-index';
import type { LoginRecord } from '../../../lib/session-index/login-record';
import { describeSessionIndexContract } from './session-index-contract';

describeSessionIndexContract('MemorySessionIndex', async () => {
  let ms = Date.now();
  const index = new MemorySessionIndex({ now: () => ms });
  return { index, now: { set: (value) => (ms = value) }, cleanup: async () => {} };
});

describe('MemorySessionIndex', () => {
  const T0 = Date.parse('2026-01-01T00:00:00.000Z');
  const record = (nameID: string): LoginRecord => ({
    issuer: 'https://idp.test/metadata',
    nameID,
    sessionIndexes: [`_${nameID}`],
  });

  it('is not shared between instances', () => {
    expect(new MemorySessionIndex().shared).toBe(false);
  });

  it('sweeps expired entries every `sweepEvery` writes, so `size` drops them', async () => {
    let now = T0;
    const index = new MemorySessionIndex({ now: () => now, sweepEvery: 3 });
    await index.add('sid-1', record('alice'), T0 + 1_000); // write 1
    await index.add('sid-2', record('bob'), T0 + 1_000); // write 2
    expect(index.size).toBe(2);
    now = T0 + 2_000;
    expect(index.size).toBe(2); // expired, but not swept yet
    await index.add('sid-3', record('carol'), T0 + 60_000); // write 3: sweep
    expect(index.size).toBe(1);
    expect(await index.get('sid-3')).toBeDefined();
  });

  it('sweeps on the 1000th write by default, removals counting as writes', async () => {
    let now = T0;
    const index = new MemorySessionIndex({ now: () => now });
    for (let i = 0; i < 10; i += 1) await index.add(`sid-${i}`, record(`u${i}`), T0 + 1_000);
    now = T0 + 2_000;
    for (let i = 10; i < 999; i += 1) await index.remove(`sid-unknown-${i}`);
    expect(index.size).toBe(10); // 999 writes so far
    await index.remove('sid-unknown-last'); // write 1000
    expect(index.size).toBe(0);
  });

  it('drops an expired entry from `size` as soon as a lookup meets it', async () => {
    let now = T0;
    const index = new MemorySessionIndex({ now: () => now });
    await index.add('sid-1', record('alice'), T0 + 1_000);
    now = T0 + 2_000;
    expect(await index.find({ issuer: 'https://idp.test/metadata', nameID: 'alice' })).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('counts one entry per session id, however often it is re-added', async () => {
    const index = new MemorySessionIndex({ now: () => T0 });
    await index.add('sid-1', record('alice'));
    await index.add('sid-1', record('bob'));
    expect(index.size).toBe(1);
    await index.remove('sid-1');
    expect(index.size).toBe(0);
  });
});
