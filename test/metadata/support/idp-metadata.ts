import { X509Certificate } from 'node:crypto';
import { keys } from '../../support/keys';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

/** Base64 DER of a PEM certificate, as metadata carries it. */
export function der(pem: string): string {
  return new X509Certificate(pem).raw.toString('base64');
}

/** A `md:KeyDescriptor` (no `use` when `use` is undefined); the base64 is wrapped as metadata often is. */
export function keyDescriptor(pem: string, use?: 'signing' | 'encryption'): string {
  const wrapped = der(pem).replace(/(.{64})/g, '$1\n        ');
  return (
    `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo><ds:X509Data>` +
    `<ds:X509Certificate>\n        ${wrapped}\n      </ds:X509Certificate>` +
    `</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
  );
}

/** An IdP EntityDescriptor as real IdPs publish it. */
export function idpEntityDescriptor(input: {
  entityID: string;
  keyDescriptors: string;
  services?: string;
  root?: boolean;
}): string {
  const ns = input.root === false ? '' : ` xmlns:md="${MD}" xmlns:ds="${DS}"`;
  return (
    `<md:EntityDescriptor${ns} entityID="${input.entityID}">` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    input.keyDescriptors +
    (input.services ?? '') +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test/sso"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}

/** Several entities in one md:EntitiesDescriptor (a federation feed). */
export function entitiesDescriptor(...entities: string[]): string {
  return `<md:EntitiesDescriptor xmlns:md="${MD}" xmlns:ds="${DS}">${entities.join('')}</md:EntitiesDescriptor>`;
}

/**
 * The fixture IdP during a key rollover: the current key (keys.idp, use="signing"), the next
 * one (keys.other, no `use`: signing too), and an encryption-only key (keys.sp).
 */
export function rolloverIdpMetadata(entityID = 'https://idp.test/metadata'): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    idpEntityDescriptor({
      entityID,
      keyDescriptors:
        keyDescriptor(keys.idp.certificate, 'signing') +
        keyDescriptor(keys.other.certificate) +
        keyDescriptor(keys.sp.certificate, 'encryption'),
      services:
        `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://idp.test/slo/soap"/>` +
        `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test/slo/redirect" ResponseLocation="https://idp.test/slo/redirect/return"/>` +
        `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.test/slo/post"/>` +
        `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact" Location="https://idp.test/slo/artifact"/>`,
    })
  );
}
