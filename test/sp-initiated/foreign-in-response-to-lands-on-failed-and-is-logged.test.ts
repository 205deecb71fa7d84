import { SloErrorCode } from '../../lib';
import { keys } from '../support/keys';
import {
  answerByPost,
  answerByRedirect,
  startSpLogoutApp,
  type SpLogoutApp,
} from './support/sp-logout-app';

describe('a LogoutResponse answering a request this SP never sent lands on failed and is logged', () => {
  let app: SpLogoutApp;
  beforeAll(async () => {
    app = await startSpLogoutApp();
  });
  afterAll(() => app.close());

  const refusals = () =>
    app.logs.filter((l) => l.fields.event === 'saml_slo.sp_logout_response_refused');

  it('an InResponseTo we never issued (forged shape, right prefix) → failed, logged as SLO_MESSAGE_INVALID', async () => {
    const before = refusals().length;
    const forged = `_s${Date.now().toString(36)}.${'0'.repeat(32)}.${'f'.repeat(40)}`;
    const landing = await answerByRedirect(app, forged);
    expect(landing.location).toBe('/?saml_logout=failed');
    expect(refusals().slice(before)).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: expect.objectContaining({ binding: 'redirect', code: SloErrorCode.MessageInvalid }),
      }),
    ]);
  });

  it('any other InResponseTo, delivered by POST → failed, logged as SLO_MESSAGE_INVALID', async () => {
    const before = refusals().length;
    const landing = await answerByPost(app, '_some-other-request');
    expect(landing.location).toBe('/?saml_logout=failed');
    expect(refusals().slice(before)).toEqual([
      expect.objectContaining({
        fields: expect.objectContaining({ binding: 'post', code: SloErrorCode.MessageInvalid }),
      }),
    ]);
  });

  it('reference: the genuine request ID completes, and nothing is logged as refused', async () => {
    const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
    const started = await app.startLogout(cookie);
    const { id } = app.idp.readLogoutRequest(
      { redirectUrl: started.location! },
      keys.sp.certificate,
    );
    const before = refusals().length;
    expect((await answerByRedirect(app, id)).location).toBe('/?saml_logout=complete');
    expect(refusals().length).toBe(before);
  });
});
