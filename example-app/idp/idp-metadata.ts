import { h } from '../html';
import { BINDING_URI, certificateBase64 } from '../saml-metadata';

/**
 * The demo IdP's metadata: its entityID, signing certificate, HTTP-Redirect
 * SingleSignOnService (`/sso`) and HTTP-Redirect SingleLogoutService (`/slo`), valid for a
 * week from now (`validUntil`: signed metadata must say when it expires, see
 * `idpFromMetadata`'s `maxValidityMs`). Give it to an SP as `IDP_METADATA` (file or URL), or
 * read it with saml-slo's `idpFromMetadata`.
 *
 * @example
 * ```ts
 * const xml = buildIdpMetadata({ entityID, baseUrl: 'http://localhost:4000', certificate });
 * ```
 */
export function buildIdpMetadata(input: {
  entityID: string;
  baseUrl: string;
  certificate: string;
}): string {
  const validUntil = new Date(Date.now() + 7 * 86_400_000).toISOString();
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${h(input.entityID)}" validUntil="${validUntil}">` +
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBase64(input.certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:SingleLogoutService Binding="${BINDING_URI.redirect}" Location="${h(input.baseUrl)}/slo"/>` +
    `<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="${BINDING_URI.redirect}" Location="${h(input.baseUrl)}/sso"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>\n`
  );
}
