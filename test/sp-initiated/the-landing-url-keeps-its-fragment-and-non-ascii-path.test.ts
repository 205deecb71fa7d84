import { keys } from '../support/keys';
import { answerByRedirect, startSpLogoutApp } from './support/sp-logout-app';

/**
 * `sp.afterLogoutUrl` as operators write it: with a fragment, or with a path that is not
 * ASCII. The result parameter goes into the query (before the fragment, which the server
 * never sees), and the Location header carries the URL percent-encoded (Node refuses to
 * write such characters raw; before, the throw escaped `slo.logout()` and ended the process).
 */
describe('the landing URL after an SP-initiated logout', () => {
  it('puts saml_logout before the fragment of sp.afterLogoutUrl', async () => {
    const app = await startSpLogoutApp({ slo: { sp: { afterLogoutUrl: '/bye?lang=en#top' } } });
    try {
      const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
      const started = await app.startLogout(cookie);
      const request = app.idp.readLogoutRequest(
        { redirectUrl: started.location! },
        keys.sp.certificate,
      );
      const landing = await answerByRedirect(app, request.id);
      expect(landing.location).toBe('/bye?lang=en&saml_logout=complete#top');
    } finally {
      await app.close();
    }
  });

  it('percent-encodes a non-ASCII sp.afterLogoutUrl in Location, and the app lives on', async () => {
    const app = await startSpLogoutApp({ slo: { sp: { afterLogoutUrl: '/выход' } } });
    try {
      const reply = await app.startLogout(undefined);
      expect(reply.status).toBe(302);
      expect(reply.location).toBe('/%D0%B2%D1%8B%D1%85%D0%BE%D0%B4?saml_logout=local');
      expect(decodeURI(reply.location!)).toBe('/выход?saml_logout=local');
      // The same app still answers: the process did not die on the first logout.
      expect((await app.startLogout(undefined)).status).toBe(302);
    } finally {
      await app.close();
    }
  });
});
