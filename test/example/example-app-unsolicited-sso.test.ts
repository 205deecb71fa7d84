import type { Browser } from 'playwright-core';
import { startExample, type Example } from '../../example-app/start-example';
import { launchChromium, newContext } from './support/browser';
import { logInAtFlights, partiesOf, statusOf, textOf } from './support/story';

/**
 * IdP-initiated (unsolicited) SSO: the IdP page's "Open Cars" posts a Response that answers
 * no AuthnRequest. Refused unless the example is started with UNSOLICITED_SSO=1.
 */
describe('unsolicited (IdP-initiated) SSO in the example', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  async function openCarsFromTheIdp(
    example: Example,
  ): Promise<{ status: string; refusalShown: boolean; me: number }> {
    const parties = partiesOf(example);
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await logInAtFlights(page, parties, 'grace@example.com'); // a session at the IdP
      await page.goto(`${parties.idp}/`);
      await page.click('#unsolicited-cars');
      await page.locator('#status').waitFor();
      if (!page.url().startsWith(parties.cars)) throw new Error(`not at Cars: ${page.url()}`);
      return {
        status: await textOf(page, '#status'),
        refusalShown: (await page.locator('#login-failed').count()) === 1,
        me: await statusOf(context, `${parties.cars}/me`),
      };
    } finally {
      await context.close();
    }
  }

  it('is refused by default (InResponseTo is required)', async () => {
    const example = await startExample({ ports: { idp: 0, flights: 0, cars: 0 } });
    try {
      expect(await openCarsFromTheIdp(example)).toEqual({
        status: 'Not logged in.',
        refusalShown: true,
        me: 401,
      });
    } finally {
      await example.close();
    }
  });

  it('is accepted with UNSOLICITED_SSO=1, while a Response naming an unknown request is still refused', async () => {
    const example = await startExample({
      ports: { idp: 0, flights: 0, cars: 0 },
      unsolicitedSso: true,
    });
    try {
      expect(await openCarsFromTheIdp(example)).toEqual({
        status: 'Logged in as grace@example.com',
        refusalShown: false,
        me: 200,
      });
      const forged = example.idp!.idp.buildLoginResponse({
        acsUrl: `${example.cars.url}/login/callback`,
        spEntityID: example.cars.entityID,
        nameID: 'grace@example.com',
        sessionIndexes: ['_s1'],
        inResponseTo: '_never-sent',
      });
      const acs = await fetch(`${example.cars.url}/login/callback`, {
        method: 'POST',
        redirect: 'manual',
        body: new URLSearchParams({ SAMLResponse: forged.base64 }),
      });
      expect(acs.headers.get('location')).toBe('/?login=failed');
    } finally {
      await example.close();
    }
  });
});
