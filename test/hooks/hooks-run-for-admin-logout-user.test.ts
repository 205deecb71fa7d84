import { SamlStatus, type AfterLogoutEvent, type SessionDestroyedEvent } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';

describe('slo.logoutUser runs the hooks with trigger admin', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it('onSessionDestroyed for each ended session and afterLogout with the outcome; beforeLogout is not consulted (there is no LogoutRequest to veto)', async () => {
    const calls: string[] = [];
    const destroyed: SessionDestroyedEvent[] = [];
    const after: AfterLogoutEvent[] = [];
    sp = await startSp({
      slo: {
        hooks: {
          beforeLogout: () => {
            calls.push('beforeLogout');
            return { deny: 'requester' };
          },
          onSessionDestroyed: (event) => {
            calls.push('onSessionDestroyed');
            destroyed.push(event);
          },
          afterLogout: (event) => {
            calls.push('afterLogout');
            after.push(event);
          },
        },
      },
    });
    const alice = await sp.login('alice', ['_alice-1']);
    const aliceId = (await sp.me(alice))!.sessionID;

    const result = await sp.slo.logoutUser({ issuer: sp.idp.entityID, nameID: 'alice' });

    expect(result.status).toBe(SamlStatus.Success);
    expect(await sp.me(alice)).toBeNull();
    expect(calls).toEqual(['onSessionDestroyed', 'afterLogout']);
    expect(destroyed).toEqual([
      { trigger: 'admin', sessionId: aliceId, issuer: sp.idp.entityID, nameID: 'alice' },
    ]);
    expect(after).toEqual([
      {
        trigger: 'admin',
        status: SamlStatus.Success,
        sessionsFound: 1,
        sessionsDestroyed: 1,
        durationMs: expect.any(Number),
      },
    ]);
  });
});
