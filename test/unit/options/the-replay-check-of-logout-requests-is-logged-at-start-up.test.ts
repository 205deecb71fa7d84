import type { SessionIndex, SloOptions } from '../../../lib';
import { MemorySessionIndex } from '../../../lib/session-index/memory-session-index';
import { loggedAtStartUp } from './support/logged-at-start-up';

/**
 * Every instance of an app must check LogoutRequest replays the same way, so createSlo logs
 * where it checks them (`saml_slo.replay_check`): in the replay cache, or in a session index
 * that remembers requests itself (both optional methods), before a beforeLogout hook or
 * inside the claim.
 */
describe('createSlo logs where LogoutRequest IDs are checked against replay', () => {
  /** A session index, with the optional methods named in `methods` (they are never called). */
  function indexWith(
    ...methods: Array<'rememberLogoutRequest' | 'claimForLogoutRequest'>
  ): SessionIndex {
    const index = new MemorySessionIndex();
    const extra: Partial<SessionIndex> = {
      ...(methods.includes('rememberLogoutRequest')
        ? { rememberLogoutRequest: async () => true }
        : {}),
      ...(methods.includes('claimForLogoutRequest')
        ? { claimForLogoutRequest: async () => [] }
        : {}),
    };
    return Object.assign(index, extra);
  }

  const replayCheckLogged = (extra: Partial<SloOptions>) =>
    loggedAtStartUp('saml_slo.replay_check', 'logoutRequests', extra);

  const hook = { hooks: { beforeLogout: () => undefined } };

  const remembers = () => indexWith('rememberLogoutRequest', 'claimForLogoutRequest');
  it.each([
    ['the in-memory index', 'replay-cache', () => ({})],
    ['an index that remembers requests', 'index-in-claim', () => ({ sessionIndex: remembers() })],
    [
      'the same with a beforeLogout hook',
      'index-before-hook',
      () => ({ ...hook, sessionIndex: remembers() }),
    ],
    [
      'an index with only rememberLogoutRequest',
      'replay-cache',
      () => ({ sessionIndex: indexWith('rememberLogoutRequest') }),
    ],
    [
      'an index with only claimForLogoutRequest',
      'replay-cache',
      () => ({ sessionIndex: indexWith('claimForLogoutRequest') }),
    ],
    [
      'a beforeLogout hook given as undefined',
      'index-in-claim',
      () => ({ hooks: { beforeLogout: undefined }, sessionIndex: remembers() }),
    ],
  ] as const)('%s: logged as %s', (_case, expected, extra) => {
    expect(replayCheckLogged(extra() as Partial<SloOptions>)).toEqual([expected]);
  });
});
