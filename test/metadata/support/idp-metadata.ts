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
  /** Extra attributes, written as is (e.g. ` ID="_m1" validUntil="…"`). */
  attributes?: string;
  /** Written as the first child (a ds:Signature, or its template). */
  signature?: string;
}): string {
  const ns = input.root === false ? '' : ` xmlns:md="${MD}" xmlns:ds="${DS}"`;
  return (
    `<md:EntityDescriptor${ns} entityID="${input.entityID}"${input.attributes ?? ''}>` +
    (input.signature ?? '') +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    input.keyDescriptors +
    (input.services ?? '') +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test/sso"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}

/** An IdP entity of a feed (not a root): one signing certificate, optional extra attributes. */
export function feedIdp(entityID: string, certificate: string, attributes?: string): string {
  return idpEntityDescriptor({
    entityID,
    keyDescriptors: keyDescriptor(certificate, 'signing'),
    root: false,
    ...(attributes === undefined ? {} : { attributes }),
  });
}

/** Several entities in one md:EntitiesDescriptor (a federation feed). */
export function entitiesDescriptor(...entities: string[]): string {
  return signedEntitiesDescriptor({}, ...entities);
}

/** An md:EntitiesDescriptor with extra root attributes and a first child (a signature template). */
export function signedEntitiesDescriptor(
  root: { attributes?: string; signature?: string },
  ...entities: string[]
): string {
  return (
    `<md:EntitiesDescriptor xmlns:md="${MD}" xmlns:ds="${DS}"${root.attributes ?? ''}>` +
    `${root.signature ?? ''}${entities.join('')}</md:EntitiesDescriptor>`
  );
}

/**
 * An empty enveloped ds:Signature for xmlsec1 to fill in: exclusive c14n, RSA-SHA256 (or
 * RSA-SHA1 with `sha1`), one Reference to `#id`; with `keyInfo`, an empty X509Data xmlsec1
 * fills with the signing certificate.
 */
export function signatureTemplate(
  id: string,
  options: { sha1?: boolean; keyInfo?: boolean } = {},
): string {
  const exc = 'http://www.w3.org/2001/10/xml-exc-c14n#';
  const signatureMethod = options.sha1
    ? 'http://www.w3.org/2000/09/xmldsig#rsa-sha1'
    : 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
  const digestMethod = options.sha1
    ? 'http://www.w3.org/2000/09/xmldsig#sha1'
    : 'http://www.w3.org/2001/04/xmlenc#sha256';
  return (
    `<ds:Signature xmlns:ds="${DS}"><ds:SignedInfo>` +
    `<ds:CanonicalizationMethod Algorithm="${exc}"/>` +
    `<ds:SignatureMethod Algorithm="${signatureMethod}"/>` +
    `<ds:Reference URI="#${id}"><ds:Transforms>` +
    `<ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>` +
    `<ds:Transform Algorithm="${exc}"/></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="${digestMethod}"/><ds:DigestValue/></ds:Reference>` +
    `</ds:SignedInfo><ds:SignatureValue/>` +
    (options.keyInfo ? '<ds:KeyInfo><ds:X509Data/></ds:KeyInfo>' : '') +
    `</ds:Signature>`
  );
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
