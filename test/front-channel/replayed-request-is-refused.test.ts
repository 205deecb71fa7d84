import { SamlStatus, SloErrorCode } from '../../lib';
import { startRedisServer, type RedisServer } from '../support/redis-server';
import type { SpHarness } from '../support/sp-app';
import {
  expectLoggedIn,
  getRedirect,
  postForm,
  postedResponse,
  redirectedResponse,
  refusal,
  startFrontChannelSp,
} from './support/front-channel';

// In memory (the replay cache checks the ID), and on Redis without a beforeLogout hook (the
// index's claim checks it, in the same script), and with one (the index, before the hook).
// Afterwards, where the IDs were recorded: per user by the index, or by the replay cache.
describe.each([
  ['in memory', undefined, false, undefined],
  ['on Redis', 'redis', false, { index: 2, replayCache: 0 }],
  ['on Redis with a beforeLogout hook', 'redis', true, { index: 2, replayCache: 0 }],
] as const)(
  'a LogoutRequest is acted on once (%s): a replay is refused and ends nothing',
  (_case, backend, withHook, records) => {
    let sp: SpHarness;
    let redis: RedisServer | undefined;
    const hookCalls: string[] = [];
    beforeAll(async () => {
      redis = backend === 'redis' ? await startRedisServer() : undefined;
      sp = await startFrontChannelSp({
        slo: withHook
          ? { hooks: { beforeLogout: ({ request }) => void hookCalls.push(request.id) } }
          : {},
        ...(redis ? { redis: { url: redis.url, prefix: 'front' } } : {}),
      });
    });
    afterAll(async () => {
      await sp?.close();
      await redis?.stop();
    });

    it('Redirect: the same URL again, after the user logged in anew, is refused (SLO_MESSAGE_REPLAYED); the new session stays', async () => {
      const first = await sp.login('alice', ['_a1']);
      // No SessionIndex: "all of alice's sessions" — what a replay would abuse.
      const { id, url } = sp.idp.buildRedirectLogoutRequest({
        destination: sp.logoutUrl,
        nameID: 'alice',
      });
      expect(redirectedResponse(sp, await getRedirect(url)).status).toBe(SamlStatus.Success);
      expect(await sp.me(first)).toBeNull();

      const again = await sp.login('alice', ['_a2']);
      expect(redirectedResponse(sp, await getRedirect(url))).toMatchObject(
        refusal(id, SloErrorCode.MessageReplayed),
      );
      await expectLoggedIn(sp, again);
    });

    it('POST: the same form again is refused (SLO_MESSAGE_REPLAYED); the new session stays', async () => {
      const first = await sp.login('bob', ['_b1']);
      const { id, fields } = sp.idp.buildPostLogoutRequest({
        destination: sp.logoutUrl,
        nameID: 'bob',
      });
      expect(postedResponse(sp, await postForm(sp, fields)).status).toBe(SamlStatus.Success);
      expect(await sp.me(first)).toBeNull();

      const again = await sp.login('bob', ['_b2']);
      expect(postedResponse(sp, await postForm(sp, fields))).toMatchObject(
        refusal(id, SloErrorCode.MessageReplayed),
      );
      await expectLoggedIn(sp, again);
    });

    it('(after both) recorded each ID where this configuration records them; a hook saw each request once, no replay', async () => {
      if (records) {
        expect({
          index: (await sp.redis!.keys('front:slo:{*}:r:*')).length,
          replayCache: (await sp.redis!.keys('front:slo:replay:*')).length,
        }).toEqual(records);
      }
      expect(hookCalls).toHaveLength(withHook ? 2 : 0);
    });
  },
);
