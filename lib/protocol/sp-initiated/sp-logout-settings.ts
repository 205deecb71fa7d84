import type { SloBinding } from '../message/idp-descriptor';
import type { MessageContext } from '../message/verify-message-header';
import type { RequestIds } from './request-ids';
import type { SpLogoutResult, SpLogoutResultEvent } from '../../hooks/hook-events';

/** How SP-initiated logout is carried out. */
export interface SpLogoutSettings {
  /** Bindings to send the LogoutRequest by, first available at the IdP wins. */
  readonly bindingPreference: readonly SloBinding[];
  /** Where the user lands afterwards; `saml_logout=complete|partial|failed|local` is appended. */
  readonly afterLogoutUrl: string;
  readonly requestIds: RequestIds;
  /** How long a request we sent may be answered, ms. */
  readonly requestLifetimeMs: number;
  /** Longest wait for an IdP's SOAP answer, ms. */
  readonly soapTimeoutMs: number;
  /** Checks on the IdP's LogoutResponse (Destination = our logout URL, except over SOAP). */
  readonly responseContext: MessageContext;
  /** Told how each SP-initiated logout ended (hooks and metrics); never throws. */
  readonly onResult: (event: SpLogoutResultEvent) => Promise<void>;
}

/**
 * The landing URL for a logout result: `saml_logout=<result>` added to the query, before any
 * fragment (which the server never sees). A `refused` answer lands on `failed`: the page
 * tells the user whether the IdP confirmed the logout, and a refused answer confirms nothing.
 *
 * @example
 * ```ts
 * landingUrl('/', 'partial'); // '/?saml_logout=partial'
 * landingUrl('/', 'refused'); // '/?saml_logout=failed'
 * landingUrl('/bye?lang=en#top', 'complete'); // '/bye?lang=en&saml_logout=complete#top'
 * ```
 */
export function landingUrl(afterLogoutUrl: string, result: SpLogoutResult | 'local'): string {
  const page = result === 'refused' ? 'failed' : result;
  const hash = afterLogoutUrl.indexOf('#');
  const base = hash < 0 ? afterLogoutUrl : afterLogoutUrl.slice(0, hash);
  const fragment = hash < 0 ? '' : afterLogoutUrl.slice(hash);
  return `${base}${base.includes('?') ? '&' : '?'}saml_logout=${page}${fragment}`;
}
