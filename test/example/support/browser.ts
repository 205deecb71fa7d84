import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium: no browser download works here. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where screenshots go (git-ignored test artifacts). */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'screenshots');

/**
 * Launches Debian's chromium headless. Never skips: without it the test fails, naming the
 * Debian package to install.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found: install the Debian package chromium (sudo apt-get install -y chromium)`,
    );
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A fresh browser profile (no cookies) with bounded waits. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  return context;
}

/** Every request the browser makes while recording: `METHOD url`. */
export interface Visits {
  readonly requests: readonly string[];
  /** The URLs requested, any method. */
  urls(): string[];
  stop(): void;
}

/**
 * Records every request of every page of `context` (navigations, form posts, redirects
 * followed) until `stop()`.
 */
export function recordVisits(context: BrowserContext): Visits {
  const requests: string[] = [];
  const listener = (request: { method(): string; url(): string }) =>
    requests.push(`${request.method()} ${request.url()}`);
  context.on('request', listener);
  return {
    requests,
    urls: () => requests.map((r) => r.slice(r.indexOf(' ') + 1)),
    stop: () => context.off('request', listener),
  };
}

/** Saves a full-page screenshot as `test-artifacts/screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
