import { DOMParser } from '@xmldom/xmldom';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

/** SAML binding URIs by short name. */
export const BINDING_URI = {
  soap: 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP',
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;

/** A binding the demo speaks for Single Logout. */
export type Binding = keyof typeof BINDING_URI;

/** A metadata endpoint: `Location`, and `ResponseLocation` when responses go elsewhere. */
export interface MetadataEndpoint {
  readonly location: string;
  readonly responseLocation?: string;
}

/**
 * What the demo IdP needs from an SP's metadata.
 *
 * @example
 * ```ts
 * const sp: SpMetadata = readSpMetadata(await slo.metadata());
 * sp.singleLogoutService.soap?.location; // where to send back-channel logouts
 * ```
 */
export interface SpMetadata {
  readonly entityID: string;
  /** The signing certificate, PEM. */
  readonly certificate: string;
  /** The HTTP-POST AssertionConsumerService. */
  readonly acsUrl: string;
  /** SingleLogoutService endpoints by binding. */
  readonly singleLogoutService: Readonly<Partial<Record<Binding, MetadataEndpoint>>>;
}

/**
 * Reads SP metadata (an `EntityDescriptor` with an `SPSSODescriptor`). A small reader for
 * the demo: metadata is configuration, obtained from a trusted place, not checked further.
 *
 * @throws When the document has no SPSSODescriptor, signing certificate or POST ACS.
 * @example
 * ```ts
 * const sp = readSpMetadata(xml);
 * ```
 */
export function readSpMetadata(xml: string): SpMetadata {
  const entity = parse(xml).documentElement;
  const descriptor = entity && children(entity, 'SPSSODescriptor')[0];
  if (!entity || !descriptor) throw new Error('SP metadata: no md:SPSSODescriptor');
  const certificate = signingCertificate(descriptor);
  const acs = children(descriptor, 'AssertionConsumerService').find(
    (el) => el.getAttribute('Binding') === BINDING_URI.post,
  );
  if (!certificate || !acs) throw new Error('SP metadata: no signing certificate or POST ACS');
  return {
    entityID: entity.getAttribute('entityID') ?? '',
    certificate: toPem(certificate),
    acsUrl: acs.getAttribute('Location') ?? '',
    singleLogoutService: endpoints(descriptor, 'SingleLogoutService'),
  };
}

function parse(xml: string): Document {
  return new DOMParser({
    errorHandler: {
      error: (message: string) => {
        throw new Error(`metadata is not well-formed XML: ${message}`);
      },
      fatalError: (message: string) => {
        throw new Error(`metadata is not well-formed XML: ${message}`);
      },
    },
  }).parseFromString(xml, 'text/xml');
}

function children(parent: Element, localName: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const el = node as Element;
    if (node.nodeType === 1 && el.namespaceURI === MD && el.localName === localName) found.push(el);
  }
  return found;
}

function endpoints(
  descriptor: Element,
  localName: string,
): Partial<Record<Binding, MetadataEndpoint>> {
  const found: Partial<Record<Binding, MetadataEndpoint>> = {};
  for (const el of children(descriptor, localName)) {
    const binding = (Object.keys(BINDING_URI) as Binding[]).find(
      (b) => BINDING_URI[b] === el.getAttribute('Binding'),
    );
    const location = el.getAttribute('Location');
    if (!binding || !location || found[binding]) continue;
    const responseLocation = el.getAttribute('ResponseLocation');
    found[binding] = responseLocation ? { location, responseLocation } : { location };
  }
  return found;
}

function signingCertificate(descriptor: Element): string | undefined {
  for (const key of children(descriptor, 'KeyDescriptor')) {
    const use = key.getAttribute('use');
    if (use && use !== 'signing') continue;
    const cert = key.getElementsByTagNameNS(DS, 'X509Certificate')[0];
    if (cert?.textContent) return cert.textContent.replace(/\s+/g, '');
  }
  return undefined;
}

/**
 * A PEM certificate from base64 DER (as in metadata).
 *
 * @example
 * ```ts
 * toPem('MIIC…'); // '-----BEGIN CERTIFICATE-----\nMIIC…'
 * ```
 */
export function toPem(base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/**
 * Base64 DER from a PEM certificate (what metadata's `ds:X509Certificate` holds).
 *
 * @example
 * ```ts
 * certificateBase64(pem); // 'MIIC…'
 * ```
 */
export function certificateBase64(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}
