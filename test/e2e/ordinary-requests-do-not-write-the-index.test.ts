import session from 'express-session';
import { MemorySessionIndex, type LoginRecord } from '../../lib';
import type { SessionState } from '../../lib/session-index/session-index';
import { startSp, type SpHarness } from '../support/sp-app';

type Callback = (err?: unknown) => void;

/** A MemoryStore that can say when every write it was asked for has called back. */
class SettlingStore extends session.MemoryStore {
  touches = 0;
  private pending = 0;
  private waiters: Array<() => void> = [];

  override set(sid: string, data: session.SessionData, callback?: Callback): void {
    super.set(sid, data, this.tracked(callback));
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    this.touches += 1;
    super.touch(sid, data, this.tracked(callback));
  }

  /** Resolves once the callbacks of all writes so far have run. */
  settled(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private tracked(callback: Callback | undefined): Callback {
    this.pending += 1;
    return (err) => {
      try {
        callback?.(err);
      } finally {
        this.pending -= 1;
        if (this.pending === 0) this.waiters.splice(0).forEach((resolve) => resolve());
      }
    };
  }
}

/** Counts every write to the index. */
class CountingIndex extends MemorySessionIndex {
  indexWrites: string[] = [];

  override async touch(
    sessionId: string,
    login: LoginRecord,
    expiresAt?: number,
  ): Promise<SessionState> {
    this.indexWrites.push(`touch ${sessionId} ${expiresAt}`);
    return super.touch(sessionId, login, expiresAt);
  }

  override async remove(sessionId: string): Promise<void> {
    this.indexWrites.push(`remove ${sessionId}`);
    return super.remove(sessionId);
  }
}

describe('ordinary requests of a logged-in user', () => {
  const store = new SettlingStore();
  const index = new CountingIndex();
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startSp({ store, slo: { sessionIndex: index } });
  });
  afterAll(() => sp.close());

  it('leave the session index alone when the session has no expiry to follow', async () => {
    const cookie = await sp.login('alice', ['_alice-1']);
    await store.settled();
    index.indexWrites = [];
    const touchesBefore = store.touches;

    for (let i = 0; i < 3; i += 1) {
      expect((await sp.me(cookie))?.user.nameID).toBe('alice');
      await store.settled();
    }

    expect(store.touches - touchesBefore).toBe(3); // express-session did touch the session
    expect(index.indexWrites).toEqual([]);
    expect(await index.find({ issuer: sp.idp.entityID, nameID: 'alice' })).toHaveLength(1);
  });
});
