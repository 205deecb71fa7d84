import { SloError, SloErrorCode, isSloError } from '../../errors';
import { loadCertificate } from '../../options/load-keys';
import type { PemInput } from '../../options/slo-options';
import { NS } from '../xml/namespaces';
import {
  childrenNamed,
  forEachElement,
  isElement,
  optionalAttribute,
  readSimpleText,
} from '../xml/dom';
import { parseUntrustedXml } from '../xml/parse-xml';
import type { SloBinding } from '../message/idp-descriptor';
import { parseSamlInstant } from '../saml-id';
import { verifyEnvelopedSignature } from '../xml-signature/verify-enveloped-signature';
import { BINDING_URI } from './build-sp-metadata';

/**
 * How to read IdP metadata.
 *
 * @example
 * ```ts
 * const options: IdpMetadataOptions = {
 *   entityID: 'https://idp.example.org/idp/shibboleth',
 *   signedBy: fs.readFileSync('federation-signer.pem', 'utf8'),
 * };
 * ```
 */
export interface IdpMetadataOptions {
  /** The IdP to pick from an EntitiesDescriptor that holds several. */
  readonly entityID?: string;
  /**
   * Require the document to be signed by one of these certificates (PEM, or base64 DER as
   * metadata carries it): the key of whoever publishes the metadata (the federation, or the
   * IdP's metadata signing key), configured out of band. The signature must be enveloped on
   * the document's root element (EntityDescriptor or EntitiesDescriptor) and be the only one
   * in the document, checked as strictly as a LogoutRequest's (one Reference to the root's
   * own ID, exclusive c14n only, no duplicate IDs; a certificate in KeyInfo is never
   * trusted). Without it the metadata is trusted as configuration: then obtain it over a
   * trusted channel. Use it whenever the metadata comes over a network.
   */
  readonly signedBy?: PemInput | readonly PemInput[];
  /** Accept an RSA-SHA1 / SHA-1 metadata signature (default false). */
  readonly allowSha1?: boolean;
}

/** An IdP read from its metadata, in the shape of saml-slo's `idps[]` option. */
export interface IdpFromMetadata {
  readonly entityID: string;
  /** Base64 DER certificates of every signing KeyDescriptor (rollover: several). */
  readonly signingCertificates: string[];
  readonly singleLogoutService: Partial<
    Record<SloBinding, { location: string; responseLocation?: string }>
  >;
}

/**
 * Reads an IdP's SAML metadata: the entityID, every signing certificate (KeyDescriptors
 * with `use="signing"` or no `use`), and the SingleLogoutService endpoint of each binding
 * saml-slo speaks. An EntitiesDescriptor needs `entityID` to pick one entity. Metadata
 * whose `validUntil` (on the root, the entity or its IDPSSODescriptor) has passed is
 * refused. With `signedBy`, the document's signature is verified first; without it the
 * metadata is trusted as configuration (obtain it over a trusted channel).
 *
 * The second argument may also be the entityID alone.
 *
 * @throws {SloError} `SLO_OPTION_INVALID` when the document has no such IdP or a
 *   `signedBy` entry is not a certificate; `SLO_MESSAGE_EXPIRED` past `validUntil`; with
 *   `signedBy`, `SLO_SIGNATURE_MISSING`, `SLO_SIGNATURE_INVALID`, `SLO_SIGNATURE_WRAPPING`
 *   or `SLO_ALGORITHM_FORBIDDEN`.
 * @example
 * ```ts
 * const idp = idpFromMetadata(fs.readFileSync('idp-metadata.xml', 'utf8'));
 * createSlo({ ...options, idps: [idp] });
 *
 * // Metadata fetched over the network: require its publisher's signature.
 * const fetched = await (await fetch('https://idp.example.org/metadata')).text();
 * const signed = idpFromMetadata(fetched, { signedBy: fs.readFileSync('idp-metadata-signer.pem', 'utf8') });
 * ```
 */
export function idpFromMetadata(
  xml: string,
  entityIdOrOptions?: string | IdpMetadataOptions,
): IdpFromMetadata {
  const options: IdpMetadataOptions =
    typeof entityIdOrOptions === 'string'
      ? { entityID: entityIdOrOptions }
      : (entityIdOrOptions ?? {});
  const { entityID } = options;
  const doc = parseUntrustedXml(xml, {
    maxChars: 10 * 1024 * 1024,
    maxDepth: 64,
    maxNodes: 2_000_000,
    // Federation metadata declares namespaces per entity; depth is capped, so scoping stays cheap.
    maxNamespaceDeclarations: 1_000_000,
  });
  if (options.signedBy !== undefined) verifyMetadataSignature(doc.documentElement!, options);
  const entities: Element[] = [];
  forEachElement(doc, (el) => {
    if (
      isElement(el, NS.md, 'EntityDescriptor') &&
      childrenNamed(el, NS.md, 'IDPSSODescriptor').length > 0
    ) {
      entities.push(el);
    }
  });
  const chosen =
    entityID === undefined
      ? entities
      : entities.filter((e) => e.getAttribute('entityID') === entityID);
  if (chosen.length !== 1) {
    throw new SloError(
      SloErrorCode.OptionInvalid,
      chosen.length === 0
        ? `saml-slo idpFromMetadata: no IdP ${entityID ?? ''} in the metadata`
        : 'saml-slo idpFromMetadata: several IdPs in the metadata; pass the entityID to pick one',
      { option: 'idps' },
    );
  }
  const entity = chosen[0]!;
  const descriptor = childrenNamed(entity, NS.md, 'IDPSSODescriptor')[0]!;
  for (const element of new Set([doc.documentElement!, entity, descriptor])) refuseExpired(element);
  const signingCertificates: string[] = [];
  for (const key of childrenNamed(descriptor, NS.md, 'KeyDescriptor')) {
    const use = key.getAttribute('use');
    if (use && use !== 'signing') continue;
    forEachElement(key, (el) => {
      if (isElement(el, NS.ds, 'X509Certificate'))
        signingCertificates.push(readSimpleText(el).replace(/\s+/g, ''));
    });
  }
  const singleLogoutService: IdpFromMetadata['singleLogoutService'] = {};
  for (const service of childrenNamed(descriptor, NS.md, 'SingleLogoutService')) {
    const binding = (Object.keys(BINDING_URI) as SloBinding[]).find(
      (b) => BINDING_URI[b] === service.getAttribute('Binding'),
    );
    const location = service.getAttribute('Location');
    if (!binding || !location || singleLogoutService[binding]) continue;
    const responseLocation = optionalAttribute(service, 'ResponseLocation');
    singleLogoutService[binding] = responseLocation ? { location, responseLocation } : { location };
  }
  return {
    entityID: entity.getAttribute('entityID') ?? '',
    signingCertificates,
    singleLogoutService,
  };
}

/** Verifies the enveloped signature on the metadata's root against `options.signedBy`. */
function verifyMetadataSignature(root: Element, options: IdpMetadataOptions): void {
  const given = options.signedBy;
  const list: readonly PemInput[] = Array.isArray(given) ? given : [given as PemInput];
  if (list.length === 0) {
    throw new SloError(
      SloErrorCode.OptionInvalid,
      "saml-slo idpFromMetadata: signedBy is empty; pass the metadata signer's certificate, or leave signedBy out",
      { option: 'signedBy' },
    );
  }
  const keys = list.map((pem, i) => loadCertificate(pem, `signedBy[${i}]`).publicKey);
  try {
    verifyEnvelopedSignature(root, keys, { allowSha1: options.allowSha1 === true });
  } catch (err) {
    if (!isSloError(err)) throw err;
    throw new SloError(err.code, `saml-slo idpFromMetadata: metadata signature: ${err.message}`, {
      cause: err,
    });
  }
}

/** Refuses an element whose `validUntil` has passed (or cannot be read). */
function refuseExpired(element: Element): void {
  const text = optionalAttribute(element, 'validUntil');
  if (text === undefined) return;
  const until = parseSamlInstant(text);
  if (!until) {
    throw new SloError(
      SloErrorCode.MessageInvalid,
      `saml-slo idpFromMetadata: ${element.localName} validUntil "${text}" is not an xs:dateTime`,
    );
  }
  if (until.getTime() <= Date.now()) {
    throw new SloError(
      SloErrorCode.MessageExpired,
      `saml-slo idpFromMetadata: the metadata expired (${element.localName} validUntil ${text}); fetch a current copy from the IdP`,
    );
  }
}
