import { SamlStatus, SloErrorCode, idpFromMetadata } from '../../lib';
import { keys } from '../support/keys';
import { startSp, type SpHarness } from '../support/sp-app';
import { rolloverIdpMetadata } from './support/idp-metadata';

describe('createSlo configured from idpFromMetadata trusts every signing key of the metadata', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startSp({ slo: { idps: [idpFromMetadata(rolloverIdpMetadata())] } });
  });
  afterAll(() => sp.close());

  async function soapLogout(nameID: string, sessionIndex: string, signWith: typeof keys.idp) {
    const request = sp.idp.buildSoapLogoutRequest({
      destination: sp.logoutUrl,
      nameID,
      sessionIndexes: [sessionIndex],
      signWith,
    });
    const reply = await sp.postSoap(request.envelope, request.contentType);
    return { id: request.id, response: sp.idp.readLogoutResponse(reply.body, keys.sp.certificate) };
  }

  it('a LogoutRequest signed with the second (rollover) certificate’s key is accepted and ends the session', async () => {
    const alice = await sp.login('alice', ['_a1']);
    const { id, response } = await soapLogout('alice', '_a1', keys.other);
    expect(response).toMatchObject({
      signatureValid: true,
      inResponseTo: id,
      status: SamlStatus.Success,
    });
    expect(await sp.me(alice)).toBeNull();
  });

  it('the first (current) key is accepted too', async () => {
    const bob = await sp.login('bob', ['_b1']);
    expect((await soapLogout('bob', '_b1', keys.idp)).response.status).toBe(SamlStatus.Success);
    expect(await sp.me(bob)).toBeNull();
  });

  it('the encryption-only key of the metadata does not sign: refused, the session stays', async () => {
    const carol = await sp.login('carol', ['_c1']);
    const { response } = await soapLogout('carol', '_c1', keys.sp);
    expect(response).toMatchObject({
      status: SamlStatus.Requester,
      subStatus: SamlStatus.RequestDenied,
      statusMessage: SloErrorCode.SignatureInvalid,
    });
    expect((await sp.me(carol))?.user.nameID).toBe('carol');
  });

  it('the IdP endpoints of the metadata are used: a Redirect request is answered at its ResponseLocation', async () => {
    const { url } = sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'nobody',
    });
    const reply = await fetch(url, { redirect: 'manual' });
    expect(reply.status).toBe(302);
    expect(reply.headers.get('location')).toMatch(
      /^https:\/\/idp\.test\/slo\/redirect\/return\?SAMLResponse=/,
    );
  });
});
