import { SamlStatus, SloErrorCode, type AfterLogoutEvent } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { soapLogout } from './support/soap-logout';
import { StoreFailingFor } from './support/store-failing-for';

describe('hooks.afterLogout reports the outcome of each inbound logout', () => {
  let sp: SpHarness;
  let store: StoreFailingFor;
  const outcomes: AfterLogoutEvent[] = [];
  beforeAll(async () => {
    store = new StoreFailingFor();
    sp = await startSp({
      store,
      slo: {
        hooks: {
          afterLogout: (event) => {
            outcomes.push(event);
          },
        },
      },
    });
  });
  afterAll(() => sp.close());
  beforeEach(() => {
    outcomes.length = 0;
    store.failingSessionId = undefined;
  });

  it('Success: status, no subStatus nor code, the sessions found and destroyed, the verified request', async () => {
    await sp.login('alice', ['_alice-1']);
    await sp.login('alice', ['_alice-2']);

    const result = await soapLogout(sp, { nameID: 'alice' });

    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toEqual({
      trigger: 'soap',
      request: expect.objectContaining({ id: result.requestId, nameID: 'alice' }),
      status: SamlStatus.Success,
      sessionsFound: 2,
      sessionsDestroyed: 2,
      durationMs: expect.any(Number),
    });
  });

  it('PartialLogout: Responder/PartialLogout with SLO_SESSION_DESTROY_FAILED, one of two sessions destroyed', async () => {
    await sp.login('bob', ['_bob-1']);
    const stuck = await sp.login('bob', ['_bob-2']);
    store.failingSessionId = (await sp.me(stuck))!.sessionID;

    const result = await soapLogout(sp, { nameID: 'bob' });

    expect(outcomes).toEqual([
      {
        trigger: 'soap',
        request: expect.objectContaining({ id: result.requestId, nameID: 'bob' }),
        status: SamlStatus.Responder,
        subStatus: SamlStatus.PartialLogout,
        code: SloErrorCode.SessionDestroyFailed,
        sessionsFound: 2,
        sessionsDestroyed: 1,
        durationMs: expect.any(Number),
      },
    ]);
  });

  it('a refused (unsigned) request: Requester/RequestDenied with SLO_SIGNATURE_MISSING, no request, nothing found', async () => {
    const carol = await sp.login('carol', ['_carol-1']);

    await soapLogout(sp, { nameID: 'carol', sign: false });

    expect(outcomes).toEqual([
      {
        trigger: 'soap',
        status: SamlStatus.Requester,
        subStatus: SamlStatus.RequestDenied,
        code: SloErrorCode.SignatureMissing,
        sessionsFound: 0,
        sessionsDestroyed: 0,
        durationMs: expect.any(Number),
      },
    ]);
    expect((await sp.me(carol))?.user.nameID).toBe('carol');
  });
});
