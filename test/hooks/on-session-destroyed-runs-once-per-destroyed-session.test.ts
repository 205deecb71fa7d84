import { SamlStatus, type SessionDestroyedEvent } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { soapLogout } from './support/soap-logout';

describe('hooks.onSessionDestroyed', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it('is called once per destroyed session, with its express-session id, and never for a session the logout does not name', async () => {
    const destroyed: SessionDestroyedEvent[] = [];
    sp = await startSp({
      slo: {
        hooks: {
          onSessionDestroyed: (event) => {
            destroyed.push(event);
          },
        },
      },
    });
    const first = await sp.login('alice', ['_alice-1']);
    const second = await sp.login('alice', ['_alice-2']);
    const bob = await sp.login('bob', ['_bob-1']);
    const firstId = (await sp.me(first))!.sessionID;
    const secondId = (await sp.me(second))!.sessionID;

    const result = await soapLogout(sp, { nameID: 'alice' });

    expect(result.response.status).toBe(SamlStatus.Success);
    expect(destroyed).toHaveLength(2);
    expect(destroyed.map((e) => e.sessionId).sort()).toEqual([firstId, secondId].sort());
    for (const event of destroyed) {
      expect(event).toEqual({
        trigger: 'soap',
        sessionId: expect.any(String),
        issuer: sp.idp.entityID,
        nameID: 'alice',
      });
    }
    expect((await sp.me(bob))?.user.nameID).toBe('bob');
  });
});
