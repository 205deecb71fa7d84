import { SamlStatus } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { signedAnswerTo, soapLogout } from './support/soap-logout';

// node-saml keeps the white space around a login's NameID; a LogoutRequest's values are
// read trimmed. Both sides must read alike, or the logout answers Success and ends nothing.
describe('white space around a NameID or SessionIndex does not keep a session alive', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startSp();
  });
  afterAll(() => sp.close());

  it('a login whose NameID is padded is ended by a LogoutRequest naming the user', async () => {
    const padded = await sp.login('  alice  ', ['_a1']);
    expect((await sp.me(padded))?.samlSlo).toMatchObject({ nameID: 'alice' });

    const result = await soapLogout(sp, { nameID: '  alice  ' });
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      status: SamlStatus.Success,
    });
    expect(await sp.me(padded)).toBeNull();
  });

  it('a login whose SessionIndex is padded is ended by a LogoutRequest naming it', async () => {
    const padded = await sp.login('bob', [' _b2 ']);
    const other = await sp.login('bob', ['_b3']);

    const result = await soapLogout(sp, { nameID: 'bob', sessionIndexes: [' _b2 '] });
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      status: SamlStatus.Success,
    });
    expect(await sp.me(padded)).toBeNull();
    expect((await sp.me(other))?.samlSlo).toMatchObject({ nameID: 'bob' });
  });
});
