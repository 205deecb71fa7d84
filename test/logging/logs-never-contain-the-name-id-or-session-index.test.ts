import { SamlStatus } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { soapLogout } from '../hooks/support/soap-logout';
import { StoreFailingFor } from '../hooks/support/store-failing-for';
import { capturingLogger } from './support/capturing-logger';

const NAME_ID = 'alice.secret@example.com';
// A logged-out SessionIndex cannot log in again, so each login gets its own.
const SESSION_INDEXES = [
  '_sidx-4f1c9a',
  '_sidx-77e0b2',
  '_sidx-0d3e51',
  '_sidx-9ab820',
  '_sidx-c61f07',
];
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

describe('logs never carry the NameID nor a SessionIndex', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it('across logins, a PartialLogout, a refused, a replayed and a successful SOAP logout, and an admin logout', async () => {
    const store = new StoreFailingFor();
    const { logger, logs } = capturingLogger();
    sp = await startSp({ store, slo: { logger } });
    const login = (i: number) =>
      sp!.login(NAME_ID, [SESSION_INDEXES[i]!], { nameIDFormat: EMAIL_FORMAT });
    const subject = { nameID: NAME_ID, nameIDFormat: EMAIL_FORMAT };

    await login(0);
    const stuck = await login(1);
    store.failingSessionId = (await sp.me(stuck))!.sessionID;
    const partial = await soapLogout(sp, {
      ...subject,
      sessionIndexes: SESSION_INDEXES.slice(0, 2),
    });
    expect(partial.response.subStatus).toBe(SamlStatus.PartialLogout);
    store.failingSessionId = undefined;

    await login(2);
    const refused = await soapLogout(sp, { ...subject, sign: false });
    expect(refused.response.subStatus).toBe(SamlStatus.RequestDenied);
    const request = sp.idp.buildSoapLogoutRequest({
      destination: sp.logoutUrl,
      ...subject,
      sessionIndexes: [SESSION_INDEXES[2]!],
    });
    await sp.postSoap(request.envelope, request.contentType);
    const replayed = await sp.postSoap(request.envelope, request.contentType);
    expect(replayed.body).toContain('SLO_MESSAGE_REPLAYED');

    await login(3);
    const admin = await sp.slo.logoutUser({
      issuer: sp.idp.entityID,
      ...subject,
      sessionIndexes: [SESSION_INDEXES[3]!],
    });
    expect(admin.sessionsDestroyed).toBe(1);
    await login(4);
    const success = await soapLogout(sp, subject);
    expect(success.response.status).toBe(SamlStatus.Success);

    const events = logs.map((entry) => entry.object.event);
    expect(events).toEqual(
      expect.arrayContaining(['saml_slo.logout_request', 'saml_slo.logout_user']),
    );
    const lines = logs.map((entry) => JSON.stringify(entry.object) + ' ' + entry.message);
    for (const secret of [NAME_ID, 'alice.secret', ...SESSION_INDEXES.map((i) => i.slice(1))]) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});
