import type { BrowserContext, Page } from 'playwright-core';
import type { Example } from '../../../example-app/start-example';
import { recordVisits } from './browser';

/** Base URLs of the parties of a running example. */
export interface Parties {
  readonly idp: string;
  readonly flights: string;
  readonly cars: string;
}

/**
 * The URLs of `example`'s parties (the demo IdP's is required).
 */
export function partiesOf(example: Example, idpUrl?: string): Parties {
  const idp = idpUrl ?? example.idp?.url;
  if (!idp) throw new Error('this example runs no demo IdP: pass its URL');
  return { idp, flights: example.flights.url, cars: example.cars.url };
}

/** The text of an element, once it is there. */
export async function textOf(page: Page, selector: string): Promise<string> {
  const locator = page.locator(selector);
  await locator.waitFor();
  return (await locator.textContent()) ?? '';
}

/**
 * Logs `nameID` in at Flights: Flights' login link → the IdP's form (typing the user) →
 * back at Flights, logged in.
 */
export async function logInAtFlights(page: Page, parties: Parties, nameID: string): Promise<void> {
  await page.goto(`${parties.flights}/`);
  await page.click('#login');
  await page.locator('#sign-in').waitFor(); // the IdP's login form
  if (!page.url().startsWith(`${parties.idp}/sso?`))
    throw new Error(`not at the IdP: ${page.url()}`);
  await page.fill('#user', nameID);
  await page.click('#sign-in');
  await page.locator('#status', { hasText: `Logged in as ${nameID}` }).waitFor();
}

/**
 * Logs in at Cars by SSO: Cars' login link → the IdP, which knows this browser and signs
 * it in without its form → back at Cars. Returns the requests made, to show the IdP was
 * visited but its form was not posted.
 */
export async function ssoToCars(
  context: BrowserContext,
  page: Page,
  parties: Parties,
  nameID: string,
): Promise<readonly string[]> {
  await page.goto(`${parties.cars}/`);
  await page.locator('#status', { hasText: 'Not logged in' }).waitFor();
  const visits = recordVisits(context);
  await page.click('#login');
  await page.locator('#status', { hasText: `Logged in as ${nameID}` }).waitFor();
  visits.stop();
  return visits.requests;
}

/** GET `url` with the browser's cookies, without navigating (no page visits it). */
export async function statusOf(context: BrowserContext, url: string): Promise<number> {
  const response = await context.request.get(url, { maxRedirects: 0 });
  return response.status();
}
