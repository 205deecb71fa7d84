import { keys } from '../support/keys';
import { answerByRedirect, startSpLogoutApp, type SpLogoutApp } from './support/sp-logout-app';

const PUBLIC_URL = 'https://sp.example.test';

describe('SP-initiated logout started on instance A is completed on instance B (stateless InResponseTo check)', () => {
  let a: SpLogoutApp;
  let b: SpLogoutApp;
  beforeAll(async () => {
    // Two instances behind one public URL, sharing the SP key but nothing else: each its own
    // MemoryStore, session index and replay cache.
    a = await startSpLogoutApp({ publicUrl: PUBLIC_URL });
    b = await startSpLogoutApp({ publicUrl: PUBLIC_URL });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("B accepts the IdP's answer to A's request and lands the user on complete", async () => {
    const cookie = await a.login({ nameID: 'alice', sessionIndexes: ['_s1'] });
    const started = await a.startLogout(cookie);
    const request = a.idp.readLogoutRequest(
      { redirectUrl: started.location! },
      keys.sp.certificate,
    );
    expect(request.issuer).toBe(`${PUBLIC_URL}/saml/metadata`);

    const landing = await answerByRedirect(b, request.id);

    expect(landing.location).toBe('/?saml_logout=complete');
  });

  it('reference: an instance with another SP key does not accept it (the check is keyed by the SP key)', async () => {
    const c = await startSpLogoutApp({
      publicUrl: PUBLIC_URL,
      slo: { sp: { privateKey: keys.other.privateKey, certificate: keys.other.certificate } },
    });
    try {
      const cookie = await a.login({ nameID: 'bob', sessionIndexes: ['_b1'] });
      const started = await a.startLogout(cookie);
      const request = a.idp.readLogoutRequest(
        { redirectUrl: started.location! },
        keys.sp.certificate,
      );
      expect((await answerByRedirect(c, request.id)).location).toBe('/?saml_logout=failed');
    } finally {
      await c.close();
    }
  });
});
