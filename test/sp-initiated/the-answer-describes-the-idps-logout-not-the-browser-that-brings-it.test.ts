import type { SpLogoutResultEvent } from '../../lib';
import { keys } from '../support/keys';
import { startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

describe("the IdP's answer describes its logout, not the browser that brings it (README, SP-initiated logout)", () => {
  let app: SpLogoutApp;
  const events: SpLogoutResultEvent[] = [];
  beforeAll(async () => {
    app = await startSpLogoutApp({
      slo: { hooks: { onSpLogoutResult: (event) => void events.push(event) } },
    });
  });
  afterAll(() => app.close());

  it("Mallory's answer URL, opened in Alice's logged-in browser, lands on complete and leaves Alice's session alone", async () => {
    const mallory = await app.login({ nameID: 'mallory', sessionIndexes: ['_m1'] });
    const alice = await app.login({ nameID: 'alice', sessionIndexes: ['_a1'] });
    const started = await app.startLogout(mallory);
    const request = app.idp.readLogoutRequest(
      { redirectUrl: started.location! },
      keys.sp.certificate,
    );
    expect(request.nameID).toBe('mallory');
    const { xml } = app.idp.buildLogoutResponse({
      inResponseTo: request.id,
      destination: app.logoutUrl,
      sign: false,
    });
    // What the IdP sends Mallory's browser to; Mallory gives the link to Alice instead.
    const link = app.idp.redirectLogoutResponseUrl(app.localLogoutUrl, xml);

    const landing = await app.get(link, alice);

    expect(landing.location).toBe('/?saml_logout=complete');
    expect((await app.me(alice))?.user.nameID).toBe('alice');
    expect(await app.me(mallory)).toBeNull();
    expect(events).toEqual([{ binding: 'redirect', result: 'complete', issuer: app.idp.entityID }]);
  });
});
