import session from 'express-session';
import { SloSessionStore } from '../../../lib/express/slo-session-store';
import { silentLogger } from '../../../lib/logging/logger';
import type { LoginRecord } from '../../../lib/session-index/login-record';
import { MemorySessionIndex } from '../../../lib/session-index/memory-session-index';

/**
 * Every save of a SAML session asks the index whether it was logged out meanwhile (the
 * resurrection guard); touches skip the question while the index entry is known to cover
 * the session. When the question fails (Redis timed out), the answer is unknown: the next
 * touch must ask again instead of trusting what this process knew before.
 */
const login: LoginRecord = {
  issuer: 'https://idp.test/metadata',
  nameID: 'alice',
  sessionIndexes: ['_s1'],
};
const data = {
  cookie: {
    originalMaxAge: 3_600_000,
    expires: new Date(Date.now() + 3_600_000).toISOString(),
    httpOnly: true,
    path: '/',
  },
  samlSlo: login,
} as unknown as session.SessionData;

function setup() {
  const index = new MemorySessionIndex();
  const asked: string[] = [];
  let failNext = false;
  const touch = index.touch.bind(index);
  index.touch = async (sid, record, until) => {
    asked.push(sid);
    if (failNext) {
      failNext = false;
      throw new Error('index timed out');
    }
    return touch(sid, record, until);
  };
  const store = new SloSessionStore(new session.MemoryStore(), index, silentLogger);
  const call = (method: 'set' | 'touch') =>
    new Promise<void>((resolve, reject) =>
      store[method]('sid-1', data, (err?: unknown) => (err ? reject(err) : resolve())),
    );
  return { asked, call, failNext: () => (failNext = true) };
}

describe('a resurrection-guard check that failed', () => {
  it('is asked again by the next touch', async () => {
    const { asked, call, failNext } = setup();
    await call('set'); // guarded: asks, and learns the entry covers the session
    await call('touch'); // covered: not asked
    expect(asked).toHaveLength(1);

    failNext();
    await call('set'); // guarded: asks, fails
    await call('touch'); // unknown now: asks again
    expect(asked).toHaveLength(3);
  });

  it('CONTROL: after a check that held, touches within the entry are not asked', async () => {
    const { asked, call } = setup();
    await call('set');
    await call('set');
    await call('touch');
    expect(asked).toHaveLength(2);
  });
});
