import { SamlStatus } from '../../lib';
import { startSp, type ExpressFlavour, type SpHarness } from '../support/sp-app';
import { signedAnswerTo, soapLogout } from './support/soap-logout';

describe.each<ExpressFlavour>(['express4', 'express5'])('with %s', (flavour) => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startSp({ express: flavour });
  });
  afterAll(() => sp.close());

  it('a SOAP logout ends the named session and leaves the user anonymous', async () => {
    const alice = await sp.login('alice', ['_alice-1']);
    const bob = await sp.login('bob', ['_bob-1']);
    expect((await sp.me(alice))?.user.nameID).toBe('alice');

    const result = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_alice-1'] });

    expect(result.status).toBe(200);
    expect(result.contentType).toMatch(/^text\/xml\b/);
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      status: SamlStatus.Success,
    });
    expect(await sp.me(alice)).toBeNull();
    expect((await sp.me(bob))?.user.nameID).toBe('bob');
  });
});
