import { readFile } from 'node:fs/promises';
// In your own app: import { idpFromMetadata } from 'saml-slo';
import { idpFromMetadata, type IdpFromMetadata } from '../../lib';

/**
 * How a demo SP knows its IdP: everything comes from the IdP's metadata, the demo IdP's
 * or an external one's (`IDP_METADATA`).
 *
 * @example
 * ```ts
 * const idp = idpConfigFromMetadata(await loadMetadata('idp-metadata.xml'));
 * createSlo({ ...options, idps: [idp.slo] });
 * ```
 */
export interface IdpConfig {
  /** saml-slo's view: entityID, signing certificates, SingleLogoutService endpoints. */
  readonly slo: IdpFromMetadata;
  /** passport-saml's `entryPoint`: the HTTP-Redirect SingleSignOnService. */
  readonly ssoUrl: string;
}

/**
 * Reads an IdP's metadata with saml-slo's `idpFromMetadata`, plus the SSO URL for passport-saml.
 * With `signedBy` (the metadata signer's PEM certificate), the metadata must carry a valid
 * signature by it and a `validUntil` on its root at most `maxValidityMs` ahead
 * (`idpFromMetadata`'s, default 14 days; `false` accepts none).
 *
 * @throws When the metadata has no IdP, no signing certificate (`idpFromMetadata` says so)
 *   or no HTTP-Redirect SSO service, or (with `signedBy`) its signature does not verify or
 *   its root has no such `validUntil`.
 * @example
 * ```ts
 * const idp = idpConfigFromMetadata(xml, fs.readFileSync('metadata-signer.pem', 'utf8'));
 * ```
 */
export function idpConfigFromMetadata(
  xml: string,
  signedBy?: string,
  maxValidityMs?: number | false,
): IdpConfig {
  const slo = idpFromMetadata(xml, {
    ...(signedBy === undefined ? {} : { signedBy }),
    ...(maxValidityMs === undefined ? {} : { maxValidityMs }),
  });
  // From the entity idpFromMetadata chose (and, with signedBy, verified): never from a
  // search of the raw document, which could find an IDPSSODescriptor outside it.
  const ssoUrl = slo.singleSignOnService.redirect?.location;
  if (!ssoUrl)
    throw new Error(`IdP metadata of ${slo.entityID}: no HTTP-Redirect SingleSignOnService`);
  return { slo, ssoUrl };
}

/**
 * The metadata document at `source`: an `http(s)://` URL (fetched) or a file path.
 * Obtain it from a place you trust: it configures whom the SP trusts.
 *
 * @example
 * ```ts
 * const xml = await loadMetadata(process.env.IDP_METADATA!);
 * ```
 */
export async function loadMetadata(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const res = await fetch(source, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`IDP_METADATA ${source}: HTTP ${res.status}`);
    return res.text();
  }
  return readFile(source, 'utf8');
}
