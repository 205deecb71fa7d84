import type { TestIdp } from '../../lib/testing';
import type { LogoutOutcome } from './back-channel';
import type { IdpSessions, TrustedSp } from './idp-sessions';
import type { LogoutJob } from './logout-job';

/**
 * Something the IdP page can stop and start, to show what an SP outage does to logout.
 *
 * @example
 * ```ts
 * idp.addOutageSwitch(cars); // a DemoSpHandle is one
 * ```
 */
export interface OutageSwitch {
  readonly name: string;
  readonly running: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** What the demo IdP's routes share. */
export interface IdpContext {
  /** saml-slo's signing test IdP: builds and reads every SAML message. */
  readonly idp: TestIdp;
  /** Public base URL. */
  readonly url: string;
  /** The SingleLogoutService (HTTP-Redirect), for requests and responses alike. */
  readonly sloUrl: string;
  readonly sessions: IdpSessions;
  /** Trusted SPs by entityID, read from their metadata. */
  readonly sps: Map<string, TrustedSp>;
  /** Logouts in progress through the browser (front-channel), by id (the RelayState). */
  readonly jobs: Map<string, LogoutJob>;
  readonly switches: Map<string, OutageSwitch>;
  /** The last few finished logouts, newest first, for the IdP page. */
  readonly history: FinishedLogout[];
  /** Where the IdP tells what it does (the console under `npm run example`). */
  readonly log: (line: string) => void;
}

/** A finished logout, as the IdP page lists it. */
export interface FinishedLogout {
  readonly nameID: string;
  /** The SP whose LogoutRequest started it, or `IdP` (IdP-initiated). */
  readonly startedBy: string;
  readonly complete: boolean;
  readonly outcomes: readonly LogoutOutcome[];
}
