import { MemorySessionIndex } from '../../../lib/session-index/memory-session-index';
import type { LoginRecord } from '../../../lib/session-index/login-record';
import type { SessionIndex } from '../../../lib/session-index/session-index';
import { describeSessionIndexContract } from './session-index-contract';

describeSessionIndexContract('MemorySessionIndex', async (options) => ({
  index: new MemorySessionIndex(options),
  cleanup: async () => {},
}));

describe('MemorySessionIndex', () => {
  const T0 = Date.parse('2026-01-01T00:00:00.000Z');
  const IDP = 'https://idp.test/metadata';
  const record = (nameID: string): LoginRecord => ({
    issuer: IDP,
    nameID,
    sessionIndexes: [`_${nameID}`],
  });
  /** The index through its interface (`remove` takes the login there). */
  const asIndex = (index: MemorySessionIndex): SessionIndex => index;

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
    for (let i = 10; i < 999; i += 1)
      await asIndex(index).remove(`sid-unknown-${i}`, record('nobody'));
    expect(index.size).toBe(10); // 999 writes so far
    await asIndex(index).remove('sid-unknown-last', record('nobody')); // write 1000
    expect(index.size).toBe(0);
  });

  it('counts claims and touches as writes for the sweep', async () => {
    let now = T0;
    const index = new MemorySessionIndex({ now: () => now, sweepEvery: 3 });
    await index.add('sid-1', record('alice'), T0 + 1_000); // write 1
    now = T0 + 2_000;
    await index.claimForLogout({ issuer: IDP, nameID: 'nobody', issuedAt: now }); // write 2
    expect(index.size).toBe(1);
    await index.touch('sid-2', record('bob'), T0 + 60_000); // write 3: sweep
    expect(index.size).toBe(1);
    expect(await index.get('sid-1')).toBeUndefined();
  });

  it('drops an expired entry from `size` as soon as a lookup meets it', async () => {
    let now = T0;
    const index = new MemorySessionIndex({ now: () => now });
    await index.add('sid-1', record('alice'), T0 + 1_000);
    now = T0 + 2_000;
    expect(await index.find({ issuer: IDP, nameID: 'alice' })).toEqual([]);
    expect(index.size).toBe(0);
  });

  it('counts one entry per session id, however often it is re-added or touched', async () => {
    const index = new MemorySessionIndex({ now: () => T0 });
    await index.add('sid-1', record('alice'));
    await index.add('sid-1', record('bob'));
    await index.touch('sid-1', record('bob'), T0 + 60_000);
    expect(index.size).toBe(1);
    await asIndex(index).remove('sid-1', record('bob'));
    expect(index.size).toBe(0);
  });

  it('keeps a claimed session in `size` until it is removed', async () => {
    const index = new MemorySessionIndex({ now: () => T0 });
    await index.add('sid-1', record('alice'), T0 + 60_000);
    await index.claimForLogout({ issuer: IDP, nameID: 'alice', issuedAt: T0 });
    expect(index.size).toBe(1);
    await asIndex(index).remove('sid-1', record('alice'));
    expect(index.size).toBe(0);
    expect(index.isLoggedOut('sid-1')).toBe(true);
  });

  describe('get', () => {
    it('returns the recorded login', async () => {
      const index = new MemorySessionIndex({ now: () => T0 });
      const login: LoginRecord = {
        issuer: IDP,
        nameID: 'alice@example.com',
        nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        nameQualifier: IDP,
        spNameQualifier: 'https://sp.test/metadata',
        sessionIndexes: ['_s1', '_s2'],
        authnInstant: '2026-01-01T00:00:00Z',
        sessionNotOnOrAfter: '2026-01-01T08:00:00Z',
      };
      await index.add('sid-1', login, T0 + 60_000);
      expect(await index.get('sid-1')).toEqual(login);
    });

    it('returns the latest login after add or touch replaced it', async () => {
      const index = new MemorySessionIndex({ now: () => T0 });
      await index.add('sid-1', record('alice'), T0 + 60_000);
      await index.add('sid-1', record('bob'), T0 + 60_000);
      expect((await index.get('sid-1'))?.nameID).toBe('bob');
      await index.touch('sid-1', record('carol'), T0 + 60_000);
      expect((await index.get('sid-1'))?.nameID).toBe('carol');
    });

    it('returns undefined for an unknown, removed or expired session id', async () => {
      let now = T0;
      const index = new MemorySessionIndex({ now: () => now });
      expect(await index.get('sid-unknown')).toBeUndefined();
      await index.add('sid-1', record('alice'), T0 + 60_000);
      await asIndex(index).remove('sid-1', record('alice'));
      expect(await index.get('sid-1')).toBeUndefined();
      await index.add('sid-2', record('alice'), T0 + 1_000);
      now = T0 + 1_000;
      expect(await index.get('sid-2')).toBeUndefined();
    });
  });
});
