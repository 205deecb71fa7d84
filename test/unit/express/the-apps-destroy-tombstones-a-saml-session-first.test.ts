import session from 'express-session';
import { SloSessionStore } from '../../../lib/express/slo-session-store';
import type { SloLogger } from '../../../lib/logging/logger';
import type { LoginRecord } from '../../../lib/session-index/login-record';
import { MemorySessionIndex } from '../../../lib/session-index/memory-session-index';

/**
 * The app's destroy of a SAML session (`req.logout()`, `req.session.destroy()`,
 * `slo.logout()`) tombstones it before the store destroys it, as a logout's claim does, so
 * a request in flight cannot save it back (design §5).
 */
const login: LoginRecord = {
  issuer: 'https://idp.test/metadata',
  nameID: 'alice',
  sessionIndexes: ['_s1'],
};
const samlSession = { cookie: { originalMaxAge: null }, samlSlo: login };
const plainSession = { cookie: { originalMaxAge: null }, views: 1 };

/** A MemoryStore that records its calls in `calls`, and can fail its reads. */
class RecordingStore extends session.MemoryStore {
  failReads = false;
  constructor(private readonly calls: string[]) {
    super();
  }
  override get(sid: string, cb: (err: unknown, data?: session.SessionData | null) => void) {
    if (this.failReads) return cb(new Error('store read failed'));
    super.get(sid, cb);
  }
  override destroy(sid: string, cb?: (err?: unknown) => void) {
    this.calls.push(`store.destroy ${sid}`);
    super.destroy(sid, cb);
  }
}

function setup(options: { tombstoneFails?: boolean; tombstoneThrowsAtOnce?: boolean } = {}) {
  const calls: string[] = [];
  const logged: Record<string, unknown>[] = [];
  const capture = (fields: Record<string, unknown>) => void logged.push(fields);
  const logger: SloLogger = { debug: capture, info: capture, warn: capture, error: capture };
  const inner = new RecordingStore(calls);
  const index = new MemorySessionIndex();
  const tombstone = index.tombstone.bind(index);
  index.tombstone = (sid: string) => {
    calls.push(`index.tombstone ${sid}`);
    if (options.tombstoneThrowsAtOnce) throw new Error('index down');
    if (options.tombstoneFails) return Promise.reject(new Error('index down'));
    return tombstone(sid);
  };
  const store = new SloSessionStore(inner, index, logger);
  const put = (sid: string, data: object) =>
    new Promise<void>((resolve) => inner.set(sid, data as session.SessionData, () => resolve()));
  const destroy = (sid: string) =>
    new Promise<unknown>((resolve) => store.destroy(sid, (err) => resolve(err)));
  const stored = (sid: string) =>
    new Promise((resolve) => {
      inner.failReads = false;
      inner.get(sid, (_e, d) => resolve(d ?? null));
    });
  return { calls, logged, inner, index, store, put, destroy, stored };
}

describe("the app's destroy of a SAML session tombstones it first", () => {
  it('the tombstone is written before the store destroys the session; the entry is then removed', async () => {
    const { calls, index, put, destroy, stored } = setup();
    await put('sid-1', samlSession);
    await index.add('sid-1', login);

    expect(await destroy('sid-1')).toBeUndefined();
    expect(calls).toEqual(['index.tombstone sid-1', 'store.destroy sid-1']);
    expect(index.isLoggedOut('sid-1')).toBe(true);
    expect(await stored('sid-1')).toBeNull();
    expect(await index.find({ issuer: login.issuer, nameID: 'alice' })).toEqual([]);
  });

  it('a session without a SAML login is destroyed with no index call', async () => {
    const { calls, index, put, destroy } = setup();
    await put('sid-2', plainSession);
    expect(await destroy('sid-2')).toBeUndefined();
    expect(calls).toEqual(['store.destroy sid-2']);
    expect(index.isLoggedOut('sid-2')).toBe(false);
  });

  it('an index that cannot tombstone does not keep the session: it is destroyed, and a warning says so', async () => {
    const { calls, logged, put, destroy, stored } = setup({ tombstoneFails: true });
    await put('sid-3', samlSession);
    expect(await destroy('sid-3')).toBeUndefined();
    expect(calls).toEqual(['index.tombstone sid-3', 'store.destroy sid-3']);
    expect(await stored('sid-3')).toBeNull();
    expect(logged).toContainEqual(
      expect.objectContaining({
        event: 'saml_slo.tombstone_failed',
        cause: 'Error: index down',
      }),
    );
  });

  it('an index whose tombstone throws at once (not a rejected promise) fails open the same way', async () => {
    const { calls, logged, put, destroy, stored } = setup({ tombstoneThrowsAtOnce: true });
    await put('sid-5', samlSession);
    expect(await destroy('sid-5')).toBeUndefined();
    expect(calls).toEqual(['index.tombstone sid-5', 'store.destroy sid-5']);
    expect(await stored('sid-5')).toBeNull();
    expect(logged).toContainEqual(
      expect.objectContaining({ event: 'saml_slo.tombstone_failed', cause: 'Error: index down' }),
    );
  });

  it('a session the store cannot read is not destroyed blind: the destroy fails with the read error', async () => {
    const { calls, inner, index, put, destroy, stored } = setup();
    await put('sid-4', samlSession);
    await index.add('sid-4', login);
    inner.failReads = true;

    expect(await destroy('sid-4')).toEqual(new Error('store read failed'));
    expect(calls).toEqual([]);
    expect(await stored('sid-4')).toMatchObject({ samlSlo: { nameID: 'alice' } });
    expect(await index.find({ issuer: login.issuer, nameID: 'alice' })).toEqual(['sid-4']);
  });
});
