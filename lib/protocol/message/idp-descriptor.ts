import type { IdpTrust } from './verify-message-header';

/** One SingleLogoutService endpoint of an IdP. */
export interface EndpointRef {
  readonly location: string;
  /** Where responses go, when it differs from `location` (SAML metadata ResponseLocation). */
  readonly responseLocation?: string;
}

/** SAML bindings saml-slo speaks for Single Logout. */
export type SloBinding = 'redirect' | 'post' | 'soap';

/** An IdP as the protocol core sees it: trust plus where to send logout messages. */
export interface IdpDescriptor extends IdpTrust {
  readonly singleLogoutService: Readonly<Partial<Record<SloBinding, EndpointRef>>>;
}

/**
 * The first binding in `preference` that the IdP has an endpoint for.
 *
 * @example
 * ```ts
 * pickEndpoint(idp, ['redirect', 'post']); // { binding: 'redirect', endpoint: { location: … } }
 * ```
 */
export function pickEndpoint(
  idp: IdpDescriptor,
  preference: readonly SloBinding[],
): { binding: SloBinding; endpoint: EndpointRef } | undefined {
  for (const binding of preference) {
    const endpoint = idp.singleLogoutService[binding];
    if (endpoint) return { binding, endpoint };
  }
  return undefined;
}
