import { SloErrorCode } from '../../../../lib';
import {
  endMatchingSessions,
  type SessionTerminator,
} from '../../../../lib/protocol/logout/end-matching-sessions';
import { MemorySessionIndex } from '../../../../lib/session-index/memory-session-index';

/**
 * A claim that ends sessions itself (the Redis index beside connect-redis) may leave some to
 * the store (a key it did not find). endMatchingSessions destroys those through the store, and
 * the report counts both: Success only when every one of them is gone.
 */
describe('endMatchingSessions with a claim that ends sessions itself', () => {
  const IDP = 'https://idp.test/metadata';
  const claim = { issuer: IDP, nameID: 'alice', issuedAt: Date.now() };

  function terminator(failing: readonly string[]) {
    const told: string[] = [];
    const destroyed: string[] = [];
    const t: SessionTerminator = {
      destroy: async (sid) => {
        if (failing.includes(sid)) throw new Error(`store refused ${sid}`);
        destroyed.push(sid);
      },
      endsInClaim: {
        claimAndEnd: async () => ({ ended: ['sid-1', 'sid-2'], notEnded: ['sid-3', 'sid-4'] }),
        ended: async (sid) => void told.push(sid),
      },
    };
    return { t, told, destroyed };
  }

  it('destroys what the claim left through the store, and counts every session found', async () => {
    const { t, told, destroyed } = terminator([]);
    const report = await endMatchingSessions(claim, new MemorySessionIndex(), t);

    expect(told).toEqual(['sid-1', 'sid-2']);
    expect(destroyed).toEqual(['sid-3', 'sid-4']);
    expect(report).toEqual({ sessionsFound: 4, sessionsDestroyed: 4, failedSessionIds: [] });
  });

  it('reports a session the store then failed to destroy (PartialLogout, never Success)', async () => {
    const { t, told } = terminator(['sid-4']);
    const report = await endMatchingSessions(claim, new MemorySessionIndex(), t);

    expect(told).toEqual(['sid-1', 'sid-2']);
    expect(report).toMatchObject({
      sessionsFound: 4,
      sessionsDestroyed: 3,
      failedSessionIds: ['sid-4'],
    });
    expect(report.error?.code).toBe(SloErrorCode.SessionDestroyFailed);
    expect(report.error?.message).toBe('1 of 4 sessions could not be destroyed');
  });
});
