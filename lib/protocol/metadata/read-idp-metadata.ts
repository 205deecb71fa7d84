import { SloError, SloErrorCode } from '../../errors';
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
import { BINDING_URI } from './build-sp-metadata';

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
 * saml-slo speaks. An EntitiesDescriptor needs `entityID` to pick one entity. The metadata
 * itself is trusted as configuration: obtain it over a trusted channel (or check its
 * signature yourself) before passing it in.
 *
 * @throws {SloError} `SLO_OPTION_INVALID` when the document has no such IdP.
 * @example
 * ```ts
 * const idp = idpFromMetadata(fs.readFileSync('idp-metadata.xml', 'utf8'));
 * createSlo({ ...options, idps: [idp] });
 * ```
 */
export function idpFromMetadata(xml: string, entityID?: string): IdpFromMetadata {
  const doc = parseUntrustedXml(xml, {
    maxChars: 10 * 1024 * 1024,
    maxDepth: 64,
    maxNodes: 2_000_000,
    // Federation metadata declares namespaces per entity; depth is capped, so scoping stays cheap.
    maxNamespaceDeclarations: 1_000_000,
  });
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
