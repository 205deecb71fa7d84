import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { NS } from '../xml/namespaces';
import { escapeXml } from '../xml/escape-xml';
import { newSamlId, samlInstant } from '../saml-id';
import { signEnveloped, type SigningCredentials } from '../xml-signature/sign-enveloped';
import type { SloBinding } from '../message/idp-descriptor';

/**
 * SAML binding URIs by saml-slo's short names.
 *
 * @example
 * ```ts
 * BINDING_URI.soap; // 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP'
 * ```
 */
export const BINDING_URI: Readonly<Record<SloBinding, string>> = {
  soap: 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP',
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
};

/** What SP metadata says. */
export interface SpMetadataInput {
  readonly entityID: string;
  readonly signingCertificateBase64: string;
  /** Certificate for EncryptedIDs, when the SP decrypts them. */
  readonly encryptionCertificateBase64?: string;
  readonly logoutUrl: string;
  /** Where responses go, when it differs (ResponseLocation). */
  readonly logoutResponseUrl?: string;
  readonly sloBindings: readonly SloBinding[];
  readonly acsUrl: string;
  readonly nameIDFormats: readonly string[];
  readonly validUntil?: Date;
}

/**
 * SP metadata (SAML metadata §2.4.4): entityID, signing (and encryption) KeyDescriptors,
 * a SingleLogoutService per enabled binding (with ResponseLocation where it differs), the
 * ACS, NameID formats; enveloped-signed when `signing` is given. Elements follow the
 * schema's order so the document validates against saml-schema-metadata-2.0.xsd.
 *
 * @example
 * ```ts
 * const xml = await buildSpMetadata({ entityID, signingCertificateBase64, logoutUrl, sloBindings: ['redirect', 'post'], acsUrl, nameIDFormats: [] });
 * ```
 */
export async function buildSpMetadata(
  input: SpMetadataInput,
  signing?: SigningCredentials,
): Promise<string> {
  const keyDescriptor = (use: string, cert: string) =>
    `<md:KeyDescriptor use="${use}"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate>` +
    `</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
  const responseLocation =
    input.logoutResponseUrl && input.logoutResponseUrl !== input.logoutUrl
      ? ` ResponseLocation="${escapeXml(input.logoutResponseUrl)}"`
      : '';
  const xml =
    `<md:EntityDescriptor xmlns:md="${NS.md}" xmlns:ds="${NS.ds}" ID="${newSamlId()}" entityID="${escapeXml(input.entityID)}"` +
    (input.validUntil ? ` validUntil="${samlInstant(input.validUntil)}"` : '') +
    `><md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="${NS.samlp}">` +
    keyDescriptor('signing', input.signingCertificateBase64) +
    (input.encryptionCertificateBase64
      ? keyDescriptor('encryption', input.encryptionCertificateBase64)
      : '') +
    input.sloBindings
      .map(
        (b) =>
          `<md:SingleLogoutService Binding="${BINDING_URI[b]}" Location="${escapeXml(input.logoutUrl)}"${b === 'soap' ? '' : responseLocation}/>`,
      )
      .join('') +
    input.nameIDFormats.map((f) => `<md:NameIDFormat>${escapeXml(f)}</md:NameIDFormat>`).join('') +
    `<md:AssertionConsumerService Binding="${BINDING_URI.post}" Location="${escapeXml(input.acsUrl)}" index="0" isDefault="true"/>` +
    `</md:SPSSODescriptor></md:EntityDescriptor>`;
  if (!signing) return `<?xml version="1.0" encoding="UTF-8"?>${xml}`;
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  await signEnveloped(doc.documentElement as unknown as Element, signing);
  return `<?xml version="1.0" encoding="UTF-8"?>${new XMLSerializer().serializeToString(doc)}`;
}
