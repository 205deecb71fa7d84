import { SloErrorCode } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import { keys } from '../support/keys';
import {
  expectLoggedIn,
  postForm,
  postedResponse,
  refusal,
  startFrontChannelSp,
} from './support/front-channel';

describe('HTTP-POST: the LogoutRequest must carry a valid enveloped signature of the IdP', () => {
  let sp: SpHarness;
  let alice: string;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
  });
  beforeEach(async () => {
    alice = await sp.login('alice', ['_a1']);
  });
  afterAll(() => sp.close());

  it('unsigned XML is refused (SLO_SIGNATURE_MISSING); the session stays', async () => {
    const { id, fields, xml } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
      sign: false,
    });
    expect(xml).not.toContain('Signature');
    expect(postedResponse(sp, await postForm(sp, fields))).toMatchObject(
      refusal(id, SloErrorCode.SignatureMissing),
    );
    await expectLoggedIn(sp, alice);
  });

  it('signed with a key that is not the IdP’s is refused (SLO_SIGNATURE_INVALID); the session stays', async () => {
    const { id, fields } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
      signWith: keys.other,
    });
    expect(postedResponse(sp, await postForm(sp, fields))).toMatchObject(
      refusal(id, SloErrorCode.SignatureInvalid),
    );
    await expectLoggedIn(sp, alice);
  });

  it('changed after signing is refused (SLO_SIGNATURE_INVALID); the session it now names stays', async () => {
    const { id, xml } = sp.idp.buildPostLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a9'],
    });
    const tampered = xml.replace('>_a9<', '>_a1<');
    expect(tampered).not.toBe(xml);
    const reply = await postForm(sp, { SAMLRequest: Buffer.from(tampered).toString('base64') });
    expect(postedResponse(sp, reply)).toMatchObject(refusal(id, SloErrorCode.SignatureInvalid));
    await expectLoggedIn(sp, alice);
  });
});
