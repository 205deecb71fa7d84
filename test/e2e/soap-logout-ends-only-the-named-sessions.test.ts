import { SamlStatus } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { signedAnswerTo, soapLogout, type SoapLogoutResult } from './support/soap-logout';

describe('a SOAP LogoutRequest ends only the sessions it names', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startSp();
  });
  afterAll(() => sp.close());

  function expectSuccessReply(result: SoapLogoutResult) {
    expect(result.status).toBe(200);
    expect(result.contentType).toMatch(/^text\/xml\b/);
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      status: SamlStatus.Success,
    });
    expect(result.response.subStatus).toBeUndefined();
  }

  it('ends the session of one SessionIndex, then the rest of the user, never another user', async () => {
    const aliceFirst = await sp.login('alice', ['_alice-1']);
    const aliceSecond = await sp.login('alice', ['_alice-2']);
    const bob = await sp.login('bob', ['_bob-1']);
    expect((await sp.me(aliceFirst))?.user.nameID).toBe('alice');
    expect((await sp.me(aliceSecond))?.user.nameID).toBe('alice');
    expect((await sp.me(bob))?.user.nameID).toBe('bob');

    const bySessionIndex = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_alice-1'] });
    expectSuccessReply(bySessionIndex);
    expect(await sp.me(aliceFirst)).toBeNull();
    expect((await sp.me(aliceSecond))?.user.nameID).toBe('alice');
    expect((await sp.me(bob))?.user.nameID).toBe('bob');

    const byNameID = await soapLogout(sp, { nameID: 'alice' });
    expectSuccessReply(byNameID);
    expect(await sp.me(aliceFirst)).toBeNull();
    expect(await sp.me(aliceSecond)).toBeNull();
    expect((await sp.me(bob))?.user.nameID).toBe('bob');
  });
});
