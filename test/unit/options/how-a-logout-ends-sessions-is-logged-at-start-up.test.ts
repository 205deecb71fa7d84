import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { createClient } from 'redis';
import type { SloOptions } from '../../../lib';
import { RedisReplayCache, RedisSessionIndex } from '../../../lib/redis';
import { loggedAtStartUp } from './support/logged-at-start-up';

/**
 * createSlo logs once how a logout will end the sessions it claims (`saml_slo.session_ending`):
 * `in-claim` when the Redis index deletes them itself (a connect-redis RedisStore on the
 * index's own client), `through-store` otherwise. (No connection needed: nothing is sent.)
 */
describe('createSlo logs how a logout ends the sessions it claims', () => {
  const client = createClient();

  const sessionEndingLogged = (extra: Partial<SloOptions>) =>
    loggedAtStartUp('saml_slo.session_ending', 'sessionsEnded', extra);
  const onRedis = (store: SloOptions['store'], index = new RedisSessionIndex({ client })) => ({
    store,
    sessionIndex: index,
    replayCache: new RedisReplayCache({ client }),
  });

  it.each([
    ['MemoryStore and the in-memory index', 'through-store', () => ({})],
    [
      'connect-redis and the Redis index on one client',
      'in-claim',
      () => onRedis(new RedisStore({ client })),
    ],
    [
      'connect-redis on another client',
      'through-store',
      () => onRedis(new RedisStore({ client: createClient() })),
    ],
    [
      'a MemoryStore beside the Redis index',
      'through-store',
      () => onRedis(new session.MemoryStore()),
    ],
    [
      'the Redis index told endSessionsInClaim: false',
      'through-store',
      () =>
        onRedis(
          new RedisStore({ client }),
          new RedisSessionIndex({ client, endSessionsInClaim: false }),
        ),
    ],
  ] as const)('%s: logged as %s', (_case, expected, extra) => {
    expect(sessionEndingLogged(extra() as Partial<SloOptions>)).toEqual([expected]);
  });
});
