import { SamlStatus } from '../../lib';
import { login, me, signedAnswer, soapLogout } from './support/http';
import type { TestSpOptions } from './support/test-sp';
import { testSpsOnOneRedis } from './support/test-sps-on-one-redis';

/**
 * An app rotates the session id mid-request, keeping the data (`req.session.regenerate()`,
 * as on a privilege change). The old id is destroyed and its index entry removed; the new
 * id is indexed only by the end-of-response save. A logout landing in between finds no
 * session and answers Success, so that save must not index the new id as a live login.
 */
describe('a logout while the app rotates the session id', () => {
  const sps = testSpsOnOneRedis('rotate');
  const backends: Record<string, () => TestSpOptions> = {
    'MemoryStore + MemorySessionIndex': () => ({}),
    'connect-redis + RedisSessionIndex': () => ({
      redis: { url: sps.redis().url, prefix: sps.freshPrefix() },
    }),
  };

  it.each(Object.keys(backends))(
    'with %s: the rotated session is not indexed again, and is ended by its own save',
    async (backend) => {
      const sp = await sps.start(backends[backend]!());
      const cookie = await login(sp, 'alice', ['_rotate-1']);
      const { sessionID: oldId } = (await me(sp, cookie))!;
      const rotation = sp.rotate(cookie);
      await rotation.gate.entered; // the old id is destroyed, the new one not yet saved

      const logout = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_rotate-1'] });
      expect(logout.response).toMatchObject({
        ...signedAnswer(sp, logout),
        status: SamlStatus.Success,
      });
      rotation.gate.release();

      const rotated = await rotation.reply;
      expect(rotated.status).toBe(200);
      expect(rotated.sessionID).not.toBe(oldId);
      expect(sp.slo.sessionIndex.isLoggedOut(rotated.sessionID)).toBe(true);
      expect(await sp.stored(rotated.sessionID)).toBeNull();
      expect(await me(sp, rotated.cookie)).toBeNull();
      expect(await sp.slo.sessionIndex.find({ issuer: sp.idp.entityID, nameID: 'alice' })).toEqual(
        [],
      );
    },
  );

  it.each(Object.keys(backends))(
    'with %s, CONTROL: without a logout the rotated session stays logged in and indexed',
    async (backend) => {
      const sp = await sps.start(backends[backend]!());
      const cookie = await login(sp, 'alice', ['_rotate-2']);
      const rotation = sp.rotate(cookie);
      await rotation.gate.entered;
      rotation.gate.release();

      const rotated = await rotation.reply;
      expect((await me(sp, rotated.cookie))?.user.nameID).toBe('alice');
      expect(await sp.slo.sessionIndex.find({ issuer: sp.idp.entityID, nameID: 'alice' })).toEqual([
        rotated.sessionID,
      ]);
    },
  );
});
