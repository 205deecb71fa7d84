import session from 'express-session';
import { SloSessionStore } from '../../../lib/express/slo-session-store';
import { silentLogger } from '../../../lib/logging/logger';
import type { LoginRecord } from '../../../lib/session-index/login-record';
import { MemorySessionIndex } from '../../../lib/session-index/memory-session-index';

/**
 * The two saves of a session a SAML login just regenerated (Passport's, then
 * express-session's at the end of the response): the first is written without a guard
 * call, the second is not written when it holds the same data. Anything else is a normal,
 * guarded save.
 */
const login: LoginRecord = {
  issuer: 'https://idp.test/metadata',
  nameID: 'alice',
  sessionIndexes: ['_s1'],
};

/** A MemoryStore that counts writes and can fail the next one. */
class CountingStore extends session.MemoryStore {
  writes = 0;
  failNext = false;
  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void) {
    this.writes += 1;
    if (this.failNext) {
      this.failNext = false;
      return callback?.(new Error('store down'));
    }
    super.set(sid, data, callback);
  }
}

function setup() {
  const inner = new CountingStore();
  const index = new MemorySessionIndex();
  const touches: string[] = [];
  const touch = index.touch.bind(index);
  index.touch = (sid, record, until) => {
    touches.push(sid);
    return touch(sid, record, until);
  };
  const store = new SloSessionStore(inner, index, silentLogger);
  const save = (sid: string, data: object) =>
    new Promise<void>((resolve, reject) =>
      store.set(sid, data as session.SessionData, (err) => (err ? reject(err) : resolve())),
    );
  return { inner, index, touches, store, save };
}

/** A logged-in session whose cookie expires at `expires` (express-session moves it before saving). */
const withExpiry = (expires: Date) => ({
  cookie: { originalMaxAge: 3_600_000, expires: expires.toISOString(), httpOnly: true, path: '/' },
  passport: { user: { nameID: 'alice' } },
  samlSlo: login,
});

const loggedIn = () => ({
  cookie: { originalMaxAge: null, httpOnly: true, path: '/' },
  passport: { user: { nameID: 'alice' } },
  samlSlo: login,
});

describe('the saves of a session a SAML login just created', () => {
  it('writes the first without asking the index, and not the second when it is the same', async () => {
    const { inner, touches, store, save } = setup();
    store.noteNewLoginSession('sid-1');
    await save('sid-1', loggedIn());
    await save('sid-1', loggedIn());
    expect(inner.writes).toBe(1);
    expect(touches).toEqual([]);
  });

  it('writes a changed second save, through the guard', async () => {
    const { inner, touches, store, save } = setup();
    store.noteNewLoginSession('sid-1');
    await save('sid-1', loggedIn());
    await save('sid-1', { ...loggedIn(), returnTo: '/home' });
    expect(inner.writes).toBe(2);
    expect(touches).toEqual(['sid-1']);
  });

  it('only the next save is spared: a third one is written and guarded', async () => {
    const { inner, touches, store, save } = setup();
    store.noteNewLoginSession('sid-1');
    await save('sid-1', loggedIn());
    await save('sid-1', loggedIn());
    await save('sid-1', loggedIn());
    expect(inner.writes).toBe(2);
    expect(touches).toEqual(['sid-1']);
  });

  it('a first save that failed never stands in for a later one', async () => {
    const { inner, store, save } = setup();
    store.noteNewLoginSession('sid-1');
    inner.failNext = true;
    await expect(save('sid-1', loggedIn())).rejects.toThrow('store down');
    await save('sid-1', loggedIn());
    expect(inner.writes).toBe(2);
    const stored = await new Promise((resolve) => inner.get('sid-1', (_e, d) => resolve(d)));
    expect(stored).toMatchObject({ samlSlo: { nameID: 'alice' } });
  });

  it('a session destroyed in between is not spared: the destroy tombstoned it, so a later save is not written', async () => {
    const { inner, index, touches, store, save } = setup();
    store.noteNewLoginSession('sid-1');
    await save('sid-1', loggedIn());
    await new Promise<void>((resolve) => store.destroy('sid-1', () => resolve()));
    expect(index.isLoggedOut('sid-1')).toBe(true);
    await save('sid-1', loggedIn());
    expect(inner.writes).toBe(1);
    expect(touches).toEqual([]); // refused before any index call: this process knows the tombstone
    const stored = await new Promise((resolve) => inner.get('sid-1', (_e, d) => resolve(d)));
    expect(stored ?? null).toBeNull();
  });

  it('a session id no login noted takes the ordinary, guarded path', async () => {
    const { inner, touches, save } = setup();
    await save('sid-2', loggedIn());
    await save('sid-2', loggedIn());
    expect(inner.writes).toBe(2);
    expect(touches).toEqual(['sid-2', 'sid-2']);
  });

  it.each([
    ['forward by the length of a request (12 ms)', 12, 1, []],
    ['forward by more than 10 s', 10_001, 2, ['sid-1']],
    ['backward', -1, 2, ['sid-1']],
  ])(
    'a second save whose cookie expiry moved %s: written only beyond the request-length shift',
    async (_case, shiftMs, writes, guarded) => {
      const { inner, touches, store, save } = setup();
      const first = new Date('2026-12-01T12:00:00.000Z');
      store.noteNewLoginSession('sid-1');
      await save('sid-1', withExpiry(first));
      await save('sid-1', withExpiry(new Date(first.getTime() + shiftMs)));
      expect(inner.writes).toBe(writes);
      expect(touches).toEqual(guarded);
    },
  );
});
