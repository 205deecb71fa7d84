import type { MemorySessionIndex } from '../../lib';
import { SamlStatus, SLO_SESSION_KEY } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { DestroyRecordingStore, loginWith } from './support/login';
import { EMAIL_FORMAT, signedAnswerTo, soapLogout } from './support/soap-logout';

const PERSISTENT_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

describe('a SAML login is captured for logout', () => {
  let sp: SpHarness;
  let store: DestroyRecordingStore;
  beforeAll(async () => {
    store = new DestroyRecordingStore();
    sp = await startSp({ store });
  });
  afterAll(() => sp.close());

  it('records the IdP, the NameID with Format and qualifiers, every SessionIndex and the AuthnInstant in the session', async () => {
    const authnInstant = new Date(Date.now() - 60_000);
    const sessionNotOnOrAfter = new Date(Date.now() + 3_600_000);
    const cookie = await loginWith(sp, {
      nameID: 'alice@example.com',
      nameIDFormat: EMAIL_FORMAT,
      nameQualifier: sp.idp.entityID,
      spNameQualifier: sp.spEntityID,
      sessionIndexes: ['_alice-a', '_alice-b'],
      authnInstant,
      sessionNotOnOrAfter,
    });

    const me = await sp.me(cookie);

    expect(SLO_SESSION_KEY).toBe('samlSlo');
    expect(me?.samlSlo).toEqual({
      issuer: sp.idp.entityID,
      nameID: 'alice@example.com',
      nameIDFormat: EMAIL_FORMAT,
      nameQualifier: sp.idp.entityID,
      spNameQualifier: sp.spEntityID,
      sessionIndexes: ['_alice-a', '_alice-b'],
      authnInstant: authnInstant.toISOString(),
      sessionNotOnOrAfter: sessionNotOnOrAfter.toISOString(),
    });
    expect(await (sp.slo.sessionIndex as MemorySessionIndex).get(me!.sessionID)).toEqual(
      me?.samlSlo,
    );
    const bySecondIndex = await sp.slo.sessionIndex.find({
      issuer: sp.idp.entityID,
      nameID: 'alice@example.com',
      nameIDFormat: EMAIL_FORMAT,
      sessionIndexes: ['_alice-b'],
    });
    expect(bySecondIndex).toEqual([me!.sessionID]);
  });

  it('indexes the login under the final session id, not the one Passport regenerated away', async () => {
    const destroyedBefore = store.destroyed.length;
    const cookie = await sp.login('bob', ['_bob-1']);
    const finalId = (await sp.me(cookie))!.sessionID;
    const regeneratedAway = store.destroyed.slice(destroyedBefore);

    expect(regeneratedAway).toHaveLength(1);
    expect(regeneratedAway[0]).not.toBe(finalId);
    const query = { issuer: sp.idp.entityID, nameID: 'bob' };
    expect(await sp.slo.sessionIndex.find(query)).toEqual([finalId]);
    expect(await sp.slo.sessionIndex.find({ ...query, sessionIndexes: ['_bob-1'] })).toEqual([
      finalId,
    ]);
  });

  it('keeps the session when a LogoutRequest names the user in another NameID Format', async () => {
    const cookie = await sp.login('carol', ['_carol-1'], { nameIDFormat: EMAIL_FORMAT });

    const otherFormat = await soapLogout(sp, { nameID: 'carol', nameIDFormat: PERSISTENT_FORMAT });
    expect(otherFormat.response).toMatchObject({
      ...signedAnswerTo(sp, otherFormat),
      status: SamlStatus.Success,
    });
    expect((await sp.me(cookie))?.user.nameID).toBe('carol');

    const sameFormat = await soapLogout(sp, { nameID: 'carol', nameIDFormat: EMAIL_FORMAT });
    expect(sameFormat.response).toMatchObject({
      ...signedAnswerTo(sp, sameFormat),
      status: SamlStatus.Success,
    });
    expect(await sp.me(cookie)).toBeNull();
  });
});
