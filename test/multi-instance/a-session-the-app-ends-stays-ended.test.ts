import { login, me, type SpAddress } from './support/http';
import type { TestSpOptions } from './support/test-sp';
import { testSpsOnOneRedis } from './support/test-sps-on-one-redis';

/**
 * Design §5 for the app's own logout: a SAML session the app ends itself
 * (`req.session.destroy()`, `req.logout()`) while another request on it is in flight must
 * not come back when that request saves it. slo.store tombstones it before destroying it,
 * as a logout's claim does.
 */
describe('a SAML session the app ends itself stays ended, with a request on it in flight', () => {
  const sps = testSpsOnOneRedis('ends');
  const { start } = sps;

  /** The app's own logout route, posted with the cookie. */
  async function endSession(sp: SpAddress, route: string, cookie: string): Promise<unknown> {
    const reply = await fetch(`${sp.baseUrl}${route}`, { method: 'POST', headers: { cookie } });
    expect(reply.status).toBe(200);
    return reply.json();
  }

  const backends: Record<string, () => TestSpOptions> = {
    'MemoryStore + MemorySessionIndex': () => ({}),
    'connect-redis + RedisSessionIndex': () => ({
      redis: { url: sps.redis().url, prefix: sps.freshPrefix() },
    }),
  };

  describe.each(Object.keys(backends))('with %s', (backend) => {
    it.each([
      ['req.session.destroy()', '/session-destroy'],
      ['req.logout()', '/passport-logout'],
    ])(
      '%s: the request in flight saves on its way out, and the session stays ended',
      async (_how, route) => {
        const sp = await start(backends[backend]!());
        const cookie = await login(sp, 'alice', ['_ends-1']);
        const { sessionID } = (await me(sp, cookie))!;
        const slow = sp.slow(cookie);
        await slow.gate.entered;

        expect(await endSession(sp, route, cookie)).toEqual({ ended: true });
        expect(await sp.stored(sessionID)).toBeNull();
        slow.gate.release();

        // The request ran on the session loaded before the logout, and saved it on the way out.
        expect(await slow.reply).toEqual({ status: 200, body: { user: 'alice', counter: 1 } });
        expect(await sp.stored(sessionID)).toBeNull();
        expect(await me(sp, cookie)).toBeNull();
        expect(
          await sp.slo.sessionIndex.find({ issuer: sp.idp.entityID, nameID: 'alice' }),
        ).toEqual([]);
      },
    );
  });

  it('across instances: request in flight on A, the app ends the session on B, A does not bring it back', async () => {
    const shared = { redis: { url: sps.redis().url, prefix: sps.freshPrefix() } };
    const a = await start(shared);
    const b = await start(shared);
    const cookie = await login(a, 'alice', ['_ends-2']);
    const { sessionID } = (await me(a, cookie))!;
    const slow = a.slow(cookie);
    await slow.gate.entered;

    expect(await endSession(b, '/session-destroy', cookie)).toEqual({ ended: true });
    expect(a.slo.sessionIndex.isLoggedOut(sessionID)).toBe(false); // A was not told directly
    slow.gate.release();

    expect(await slow.reply).toEqual({ status: 200, body: { user: 'alice', counter: 1 } });
    // A's save wrote the session back, asked the index, learnt of the tombstone, destroyed it.
    expect(a.slo.sessionIndex.isLoggedOut(sessionID)).toBe(true);
    expect(await a.stored(sessionID)).toBeNull();
    expect(await me(a, cookie)).toBeNull();
    expect(await me(b, cookie)).toBeNull();
  });
});
