import { startExample, type Example } from '../../example-app/start-example';

/** Follows the example the way a browser would: SP → IdP → SP, then logout at the IdP. */
describe('the example app (npm run example)', () => {
  let example: Example;
  let idpUrl: string;
  beforeAll(async () => {
    example = await startExample({ ports: { idp: 0, flights: 0, cars: 0 } });
    idpUrl = example.idp!.url;
  });
  afterAll(() => example.close());

  const field = (html: string, name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&#10;/g, '\n');

  async function logInAtFlights(nameID: string): Promise<string> {
    const start = await fetch(`${example.flights.url}/login`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const idpLoginPage = await (await fetch(start.headers.get('location')!)).text();
    const form = new URLSearchParams({
      sp: field(idpLoginPage, 'sp')!,
      inResponseTo: field(idpLoginPage, 'inResponseTo')!,
      nameID,
    });
    const posted = await (await fetch(`${idpUrl}/sso`, { method: 'POST', body: form })).text();
    const acs = await fetch(`${example.flights.url}/login/callback`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ SAMLResponse: field(posted, 'SAMLResponse')! }),
    });
    expect(acs.status).toBe(302);
    return acs.headers.get('set-cookie')!.split(';')[0]!;
  }

  it('logs alice in at Flights through the demo IdP and shows her NameID and SessionIndex', async () => {
    const cookie = await logInAtFlights('alice@example.com');
    const me = await fetch(`${example.flights.url}/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    const body = (await me.json()) as { user: string; nameID: string; sessionIndex: string };
    expect(body.nameID).toBe('alice@example.com');
    expect(body.sessionIndex).toMatch(/^_idp-session-/);
  });

  it('ends the Flights session when the IdP logs alice out by back-channel SOAP', async () => {
    const cookie = await logInAtFlights('alice@example.com');
    const result = await fetch(`${idpUrl}/logout-everywhere`, {
      method: 'POST',
      body: new URLSearchParams({ nameID: 'alice@example.com' }),
    });
    const html = await result.text();
    expect(html).toContain(
      'Flights (SOAP back-channel): <span class="outcome">Success (signature valid)</span>',
    );
    const me = await fetch(`${example.flights.url}/me`, { headers: { cookie } });
    expect(me.status).toBe(401);
  });
});
