import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startExample, type Example } from '../../example-app/start-example';
import { launchChromium, newContext, recordVisits, screenshot } from './support/browser';
import {
  logInAtFlights,
  partiesOf,
  ssoToCars,
  statusOf,
  textOf,
  type Parties,
} from './support/story';

/**
 * The whole story of `npm run example`, clicked through in Debian's chromium: SSO from
 * Flights to Cars, SP-initiated logout at Flights that reaches Cars by back-channel SOAP,
 * IdP-initiated logout (back-channel and front-channel), and partial logout with Cars down.
 * Each scenario uses its own browser profile and user.
 */
describe('the example, in a browser', () => {
  let example: Example;
  let parties: Parties;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    example = await startExample({ ports: { idp: 0, flights: 0, cars: 0 } });
    parties = partiesOf(example);
  });
  afterAll(async () => {
    await browser?.close();
    await example?.close();
  });
  beforeEach(async () => {
    context = await newContext(browser);
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
    if (!example.cars.running) await example.cars.start();
  });

  /** Logs `nameID` in at Flights (typing the user at the IdP) and at Cars (SSO). */
  async function logInAtBoth(nameID: string): Promise<void> {
    await logInAtFlights(page, parties, nameID);
    await ssoToCars(context, page, parties, nameID);
    expect(await statusOf(context, `${parties.flights}/me`)).toBe(200);
    expect(await statusOf(context, `${parties.cars}/me`)).toBe(200);
  }

  it('logs in at Flights through the IdP, then at Cars without typing again (SSO)', async () => {
    await logInAtFlights(page, parties, 'alice@example.com');
    expect(await textOf(page, '#name-id')).toBe('alice@example.com');
    const flightsIndex = await textOf(page, '#session-index');
    expect(flightsIndex).toMatch(/^_idp-session-/);
    expect(await textOf(page, '#session-id')).not.toBe('');
    await screenshot(page, '01-flights-logged-in');

    const requests = await ssoToCars(context, page, parties, 'alice@example.com');
    expect(requests.some((r) => r.startsWith(`GET ${parties.idp}/sso?SAMLRequest=`))).toBe(true);
    expect(requests.some((r) => r.startsWith(`POST ${parties.idp}/sso`))).toBe(false); // no form
    expect(requests).toContain(`POST ${parties.cars}/login/callback`);
    expect(await textOf(page, '#name-id')).toBe('alice@example.com');
    const carsIndex = await textOf(page, '#session-index');
    expect(carsIndex).toMatch(/^_idp-session-/);
    expect(carsIndex).not.toBe(flightsIndex);
    await screenshot(page, '02-cars-logged-in-by-sso');

    const me = await context.request.get(`${parties.cars}/me`);
    expect(await me.json()).toEqual({
      user: 'alice@example.com',
      nameID: 'alice@example.com',
      sessionIndex: carsIndex,
    });

    await page.goto(`${parties.idp}/`);
    expect(await textOf(page, '#demo-banner')).toContain('DEMO Identity Provider');
    const sessions = await textOf(page, '#sessions');
    expect(sessions).toContain(flightsIndex);
    expect(sessions).toContain(carsIndex);
    await screenshot(page, '03-idp-sessions');
  });

  it('SP-initiated logout at Flights logs out of Cars by back-channel SOAP, without the browser visiting Cars', async () => {
    await logInAtBoth('alice@example.com');
    await page.goto(`${parties.flights}/`);
    const visits = recordVisits(context);
    await page.click('#logout');
    const result = await textOf(page, '#logout-result');
    visits.stop();

    expect(await page.getAttribute('#logout-result', 'data-result')).toBe('complete');
    expect(result).toContain('logout complete');
    await screenshot(page, '04-flights-logout-complete');
    const urls = visits.urls();
    expect(urls.filter((u) => u.startsWith(parties.cars))).toEqual([]); // Cars never visited
    expect(urls.some((u) => u.startsWith(`${parties.idp}/slo?SAMLRequest=`))).toBe(true);
    expect(urls.some((u) => u.startsWith(`${parties.flights}/saml/logout?SAMLResponse=`))).toBe(
      true,
    );

    expect(await statusOf(context, `${parties.cars}/me`)).toBe(401);
    expect(await statusOf(context, `${parties.flights}/me`)).toBe(401);
    await page.goto(`${parties.cars}/`);
    expect(await textOf(page, '#status')).toBe('Not logged in.');
    await screenshot(page, '05-cars-logged-out-by-back-channel');
  });

  it('IdP-initiated logout, back-channel: the IdP logs the user out of both SPs by SOAP', async () => {
    await logInAtBoth('bob@example.com');
    await page.goto(`${parties.idp}/`);
    const visits = recordVisits(context);
    await page.click('#logout-back-channel');
    await page.locator('#logout-summary[data-result="complete"]').waitFor();
    visits.stop();

    const results = await textOf(page, '#results');
    expect(results).toContain('Flights (SOAP back-channel): Success (signature valid)');
    expect(results).toContain('Cars (SOAP back-channel): Success (signature valid)');
    expect(visits.urls().filter((u) => !u.startsWith(parties.idp))).toEqual([]);
    await screenshot(page, '06-idp-back-channel-logout');
    expect(await statusOf(context, `${parties.flights}/me`)).toBe(401);
    expect(await statusOf(context, `${parties.cars}/me`)).toBe(401);
  });

  it('IdP-initiated logout, front-channel: the browser goes through each SP by Redirect and back', async () => {
    await logInAtBoth('carol@example.com');
    await page.goto(`${parties.idp}/`);
    const visits = recordVisits(context);
    await page.click('#logout-front-channel');
    await page.locator('#logout-summary[data-result="complete"]').waitFor();
    visits.stop();

    const results = await textOf(page, '#results');
    expect(results).toContain('Flights (Redirect front-channel): Success (signature valid)');
    expect(results).toContain('Cars (Redirect front-channel): Success (signature valid)');
    const chain = visits
      .urls()
      .map((u) => /^(.*?\/(?:slo|saml\/logout))\?(SAMLRequest|SAMLResponse)=/.exec(u))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => `${m[1]} ${m[2]}`);
    // IdP → SP (request) → IdP (response) → the other SP → IdP, in either SP order.
    expect(chain).toHaveLength(4);
    expect(chain.filter((step) => step === `${parties.idp}/slo SAMLResponse`)).toHaveLength(2);
    expect(chain).toContain(`${parties.flights}/saml/logout SAMLRequest`);
    expect(chain).toContain(`${parties.cars}/saml/logout SAMLRequest`);
    await screenshot(page, '07-idp-front-channel-logout');
    expect(await statusOf(context, `${parties.flights}/me`)).toBe(401);
    expect(await statusOf(context, `${parties.cars}/me`)).toBe(401);
  });

  it('partial logout: with Cars down, logout from Flights ends in PartialLogout and the page says so', async () => {
    await logInAtBoth('dave@example.com');
    await page.goto(`${parties.idp}/`);
    await page.click('#outage-cars');
    expect(await textOf(page, '#state-cars')).toBe('stopped');
    expect(example.cars.running).toBe(false);
    await screenshot(page, '08-idp-cars-outage');

    await page.goto(`${parties.flights}/`);
    await page.click('#logout');
    const result = await textOf(page, '#logout-result');
    expect(await page.getAttribute('#logout-result', 'data-result')).toBe('partial');
    expect(result).toContain('Partial logout');
    await screenshot(page, '09-flights-logout-partial');
    expect(await statusOf(context, `${parties.flights}/me`)).toBe(401);

    // The IdP says why: Cars did not answer its back-channel LogoutRequest.
    await page.goto(`${parties.idp}/`);
    const latest = await textOf(page, '#history li:first-child');
    expect(latest).toContain('dave@example.com, started by Flights: partial');
    expect(latest).toContain('Cars (SOAP back-channel): unreachable (ECONNREFUSED)');

    // Back up, Cars still has the session the IdP could not end: that is what partial means.
    await page.click('#restore-cars');
    expect(await textOf(page, '#state-cars')).toBe('running');
    expect(await statusOf(context, `${parties.cars}/me`)).toBe(200);
  });
});
