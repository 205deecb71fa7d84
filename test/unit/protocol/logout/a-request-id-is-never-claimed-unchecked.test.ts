import { SloErrorCode } from '../../../../lib';
import { endMatchingSessions } from '../../../../lib/protocol/logout/end-matching-sessions';
import { MemorySessionIndex } from '../../../../lib/session-index/memory-session-index';

/**
 * The caller of endMatchingSessions leaves the replay check of a LogoutRequest to the index
 * when it hands over the request's ID. An index that cannot remember requests (it lacks
 * claimForLogoutRequest) must then not be claimed from at all: nothing is tombstoned or
 * destroyed, and the report says the index could not be used.
 */
describe('endMatchingSessions given a request ID', () => {
  const IDP = 'https://idp.test/metadata';
  const alice = { issuer: IDP, nameID: 'alice', sessionIndexes: ['_a1'] };

  /**
   * Ends alice's sessions in an in-memory index holding one, with `options`; with `inClaim`,
   * through a terminator whose claim ends them itself (as the Redis index beside connect-redis).
   */
  async function endAlice(options?: Parameters<typeof endMatchingSessions>[3], inClaim = false) {
    const index = new MemorySessionIndex();
    await index.add('sid-1', alice, Date.now() + 60_000);
    const destroyed: string[] = [];
    const endsInClaim = {
      claimAndEnd: async (claim: Parameters<MemorySessionIndex['claimForLogout']>[0]) => {
        const ended = await index.claimForLogout(claim);
        destroyed.push(...ended);
        return { ended, notEnded: [] };
      },
      ended: async () => undefined,
    };
    const report = await endMatchingSessions(
      { issuer: IDP, nameID: 'alice', issuedAt: Date.now() },
      index,
      { destroy: async (sid) => void destroyed.push(sid), ...(inClaim ? { endsInClaim } : {}) },
      options,
    );
    return { index, destroyed, report };
  }

  it('claims nothing either when the claim would end the sessions itself', async () => {
    const { index, destroyed, report } = await endAlice(
      { request: { id: '_r1', keepUntil: Date.now() + 60_000 } },
      true,
    );

    expect(report.error?.code).toBe(SloErrorCode.SessionIndexUnavailable);
    expect(destroyed).toEqual([]);
    expect(index.isLoggedOut('sid-1')).toBe(false);
  });

  it('CONTROL: without a request ID that claim ends the session', async () => {
    const { destroyed, report } = await endAlice(undefined, true);

    expect(report).toMatchObject({ sessionsFound: 1, sessionsDestroyed: 1, failedSessionIds: [] });
    expect(destroyed).toEqual(['sid-1']);
  });

  it('claims nothing from an index that cannot remember it, and reports the index unusable', async () => {
    const { index, destroyed, report } = await endAlice({
      request: { id: '_r1', keepUntil: Date.now() + 60_000 },
    });

    expect(report).toMatchObject({ sessionsFound: 0, sessionsDestroyed: 0 });
    expect(report.error?.code).toBe(SloErrorCode.SessionIndexUnavailable);
    expect(destroyed).toEqual([]);
    expect(index.isLoggedOut('sid-1')).toBe(false);
    expect(await index.find({ issuer: IDP, nameID: 'alice' })).toEqual(['sid-1']);
  });

  it('CONTROL: without a request ID the same index is claimed from as usual', async () => {
    const { destroyed, report } = await endAlice();

    expect(report).toMatchObject({ sessionsFound: 1, sessionsDestroyed: 1 });
    expect(destroyed).toEqual(['sid-1']);
  });
});
