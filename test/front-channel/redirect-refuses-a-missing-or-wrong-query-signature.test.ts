import { SamlStatus, SloErrorCode } from '../../lib';
import type { SpHarness } from '../support/sp-app';
import { keys } from '../support/keys';
import {
  expectLoggedIn,
  getRedirect,
  redirectedResponse,
  refusal,
  startFrontChannelSp,
  withSamlRequest,
} from './support/front-channel';

describe('HTTP-Redirect: the query signature is required and checked over the raw octets received', () => {
  let sp: SpHarness;
  let alice: string;
  beforeAll(async () => {
    sp = await startFrontChannelSp();
  });
  beforeEach(async () => {
    alice = await sp.login('alice', ['_a1']);
  });
  afterAll(() => sp.close());

  const request = (
    extra: Partial<Parameters<SpHarness['idp']['buildRedirectLogoutRequest']>[0]> = {},
  ) =>
    sp.idp.buildRedirectLogoutRequest({
      destination: sp.logoutUrl,
      nameID: 'alice',
      sessionIndexes: ['_a1'],
      ...extra,
    });

  it('an unsigned Redirect LogoutRequest is refused (Requester, SLO_SIGNATURE_MISSING); the session stays', async () => {
    const { id, url } = request({ sign: false });
    const reply = await getRedirect(url);
    expect(redirectedResponse(sp, reply)).toMatchObject(refusal(id, SloErrorCode.SignatureMissing));
    await expectLoggedIn(sp, alice);
  });

  it('a query signed with a key that is not the IdP’s is refused (SLO_SIGNATURE_INVALID); the session stays', async () => {
    const { id, url } = request({ signWith: keys.other });
    const reply = await getRedirect(url);
    expect(redirectedResponse(sp, reply)).toMatchObject(refusal(id, SloErrorCode.SignatureInvalid));
    await expectLoggedIn(sp, alice);
  });

  it('a SAMLRequest changed after signing (one byte of the message) is refused; the session it now names stays', async () => {
    // Signed for a session that does not exist; one byte changed to name alice's session.
    const { id, url, xml } = request({ sessionIndexes: ['_a9'] });
    const tampered = withSamlRequest(url, xml.replace('>_a9<', '>_a1<'));
    expect(tampered).not.toBe(url);
    const reply = await getRedirect(tampered);
    expect(redirectedResponse(sp, reply)).toMatchObject(refusal(id, SloErrorCode.SignatureInvalid));
    await expectLoggedIn(sp, alice);
  });

  it('a signature computed over a re-encoded query (lowercase percent-escapes) does not verify over the octets sent', async () => {
    // The IdP signed `SigAlg=http%3a%2f%2f…` but the URL carries `http%3A%2F%2F…`: same decoded
    // values, other octets. A receiver that re-encodes before verifying would accept it.
    const lowercaseSigned = request({ lowercasePercentEncoding: true });
    const sentUppercase = lowercaseSigned.url.replace(/%[0-9a-f]{2}/g, (e) => e.toUpperCase());
    expect(sentUppercase).not.toBe(lowercaseSigned.url);
    const reply = await getRedirect(sentUppercase);
    expect(redirectedResponse(sp, reply)).toMatchObject(
      refusal(lowercaseSigned.id, SloErrorCode.SignatureInvalid),
    );
    await expectLoggedIn(sp, alice);
  });

  it('reference: lowercase percent-escapes that were signed as sent (ADFS-style) verify, and the session ends', async () => {
    const { id, url } = request({ lowercasePercentEncoding: true });
    expect(url).toContain('%2f');
    const reply = await getRedirect(url);
    expect(redirectedResponse(sp, reply)).toMatchObject({
      signatureValid: true,
      inResponseTo: id,
      status: SamlStatus.Success,
    });
    expect(await sp.me(alice)).toBeNull();
  });
});
