import { SamlStatus, SloErrorCode } from '../../lib';
import { createTestIdp, type TestIdp } from '../../lib/testing';
import { keys } from '../support/keys';
import { startSp, type SpHarness } from '../support/sp-app';

const IDP_A = 'https://idp-a.test/metadata';
const IDP_B = 'https://idp-b.test/metadata';

describe('several IdPs at once: the Issuer selects the IdP, its keys and its users', () => {
  let sp: SpHarness;
  let idpA: TestIdp;
  /** IdP B as it logs users in (the harness's passport-saml trusts one login key: keys.idp). */
  let idpBLogin: TestIdp;
  /** IdP B as it logs users out: signed with B's own configured key, keys.other. */
  let idpB: TestIdp;

  beforeAll(async () => {
    idpA = await createTestIdp({ ...keys.idp, entityID: IDP_A });
    idpBLogin = await createTestIdp({ ...keys.idp, entityID: IDP_B });
    idpB = await createTestIdp({ ...keys.other, entityID: IDP_B });
    sp = await startSp({
      idp: idpA,
      slo: {
        idps: [
          { entityID: IDP_A, signingCertificates: keys.idp.certificate },
          { entityID: IDP_B, signingCertificates: keys.other.certificate },
        ],
      },
    });
  });
  afterAll(() => sp.close());

  /** Logs `nameID` in from `idp` through the SP's ACS; returns the cookie. */
  async function loginFrom(idp: TestIdp, nameID: string, sessionIndex: string): Promise<string> {
    const acsUrl = `${sp.baseUrl}/login/callback`;
    const { base64 } = idp.buildLoginResponse({
      acsUrl,
      spEntityID: sp.spEntityID,
      nameID,
      sessionIndexes: [sessionIndex],
    });
    const reply = await fetch(acsUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ SAMLResponse: base64 }).toString(),
    });
    const cookie = reply.headers.get('set-cookie')?.split(';')[0];
    if (reply.status !== 302 || !cookie) throw new Error(`login failed: ${reply.status}`);
    return cookie;
  }

  async function soapLogoutFrom(
    idp: TestIdp,
    nameID: string,
    sessionIndexes?: string[],
    signWith?: typeof keys.idp,
  ) {
    const request = idp.buildSoapLogoutRequest({
      destination: sp.logoutUrl,
      nameID,
      ...(sessionIndexes ? { sessionIndexes } : {}),
      ...(signWith ? { signWith } : {}),
    });
    const reply = await sp.postSoap(request.envelope, request.contentType);
    return sp.idp.readLogoutResponse(reply.body, keys.sp.certificate);
  }

  it("IdP B's LogoutRequest naming alice (all her sessions) ends alice@B only, never alice@A", async () => {
    const aliceAtA = await loginFrom(idpA, 'alice', '_shared-1');
    const aliceAtB = await loginFrom(idpBLogin, 'alice', '_shared-2');
    expect((await sp.me(aliceAtA))?.user).toMatchObject({ nameID: 'alice', issuer: IDP_A });
    expect((await sp.me(aliceAtB))?.user).toMatchObject({ nameID: 'alice', issuer: IDP_B });

    expect(await soapLogoutFrom(idpB, 'alice')).toMatchObject({
      signatureValid: true,
      status: SamlStatus.Success,
    });

    expect(await sp.me(aliceAtB)).toBeNull();
    expect((await sp.me(aliceAtA))?.user.nameID).toBe('alice');
  });

  it('IdP B naming alice with the SessionIndex of her login at A does not end it', async () => {
    const aliceAtA = await loginFrom(idpA, 'alice', '_at-a');
    expect((await soapLogoutFrom(idpB, 'alice', ['_at-a'])).status).toBe(SamlStatus.Success);
    expect((await sp.me(aliceAtA))?.user.nameID).toBe('alice');
  });

  it("IdP A's LogoutRequest ends alice@A", async () => {
    const aliceAtA = await loginFrom(idpA, 'alice', '_a-only');
    expect((await soapLogoutFrom(idpA, 'alice', ['_a-only'])).status).toBe(SamlStatus.Success);
    expect(await sp.me(aliceAtA)).toBeNull();
  });

  it("a request whose Issuer is B but signed with A's key is refused: the Issuer selects the trusted keys", async () => {
    const aliceAtB = await loginFrom(idpBLogin, 'alice', '_b-keys');
    expect(await soapLogoutFrom(idpB, 'alice', ['_b-keys'], keys.idp)).toMatchObject({
      status: SamlStatus.Requester,
      statusMessage: SloErrorCode.SignatureInvalid,
    });
    expect((await sp.me(aliceAtB))?.user.nameID).toBe('alice');
  });
});
