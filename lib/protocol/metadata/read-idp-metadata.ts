import { SloError, SloErrorCode, isSloError } from '../../errors';
import {
  MIN_RSA_BITS,
  loadCertificate,
  refuseWeakRsaKey,
  splitPemBundle,
  weakRsaBits,
} from '../../options/load-keys';
import type { PemInput } from '../../options/slo-options';
import { NS } from '../xml/namespaces';
import {
  childElements,
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

/** 14 days: the default of Shibboleth's RequiredValidUntil metadata filter. */
const DEFAULT_MAX_VALIDITY_MS = 14 * 24 * 3_600_000;
/** The longest `maxValidityMs` accepted: ten years. */
const LONGEST_MAX_VALIDITY_MS = 10 * 365 * 24 * 3_600_000;

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
   * Require the document to be signed by one of these certificates (PEM, a PEM bundle of
   * several, or base64 DER as metadata carries it): the key of whoever publishes the
   * metadata (the federation, or the IdP's metadata signing key), configured out of band.
   * The signature must be enveloped on the document's root element (EntityDescriptor or
   * EntitiesDescriptor) and be the only one in the document, checked as strictly as a
   * LogoutRequest's (one Reference to the root's own ID, exclusive c14n only, no duplicate
   * IDs; a certificate in KeyInfo is never trusted). Without it the metadata is trusted as
   * configuration: then obtain it over a trusted channel. Use it whenever the metadata
   * comes over a network.
   */
  readonly signedBy?: PemInput | readonly PemInput[];
  /** Accept an RSA-SHA1 / SHA-1 metadata signature (default false). */
  readonly allowSha1?: boolean;
  /**
   * With `signedBy`: how far ahead, in ms, the root element's `validUntil` may lie. Signed
   * metadata must carry a `validUntil` on its root, at most this far from now (default 14
   * days, as Shibboleth's RequiredValidUntil filter), so a signed copy someone kept cannot
   * be served again (say, after the IdP rolled a key over) for longer than that. `false`
   * accepts signed metadata with any `validUntil` or none: for IdPs that publish none (Entra
   * ID and ADFS do not), fetched over TLS from the IdP itself. Checked whenever given, but
   * only applied with `signedBy`.
   */
  readonly maxValidityMs?: number | false;
}

/** An IdP read from its metadata, in the shape of saml-slo's `idps[]` option. */
export interface IdpFromMetadata {
  readonly entityID: string;
  /** Base64 DER certificates of every signing KeyDescriptor (rollover: several); at least one. */
  readonly signingCertificates: string[];
  readonly singleLogoutService: Partial<
    Record<SloBinding, { location: string; responseLocation?: string }>
  >;
  /**
   * The IdP's SingleSignOnService per binding (HTTP-Redirect, HTTP-POST): not used by
   * saml-slo, given for the login library (passport-saml's `entryPoint`), read from the
   * same verified entity.
   */
  readonly singleSignOnService: Partial<Record<'redirect' | 'post', { location: string }>>;
}

/**
 * Reads an IdP's SAML metadata: the entityID, and from its IDPSSODescriptor for SAML 2.0
 * (whose `protocolSupportEnumeration` lists `urn:oasis:names:tc:SAML:2.0:protocol`) every
 * signing certificate (KeyDescriptors with `use="signing"` or no `use`), the
 * SingleLogoutService endpoint of each binding saml-slo speaks, and its SingleSignOnService
 * (for the login library). An
 * EntitiesDescriptor holding several IdPs needs `entityID` to pick one. Metadata whose
 * `validUntil` has passed is refused. With `signedBy`, the document's signature is verified
 * first, and the root must carry a `validUntil` at most `maxValidityMs` ahead; without it the
 * metadata is trusted as configuration (obtain it over a trusted channel).
 *
 * The second argument may also be the entityID alone.
 *
 * Entities are read by the metadata schema's structure (root EntityDescriptor, or
 * EntitiesDescriptors nested in the root), never found by searching the document, so
 * nothing placed in a ds:Signature or an md:Extensions is ever read as an IdP.
 *
 * @throws {SloError} `SLO_MESSAGE_UNEXPECTED` when the root is not md:EntityDescriptor or
 *   md:EntitiesDescriptor; `SLO_OPTION_INVALID` when the document has no such IdP, the IdP has
 *   no IDPSSODescriptor for SAML 2.0 or no signing certificate in it, a signing certificate
 *   holds an RSA key under 2048 bits or a ds:X509Certificate is empty, or a `signedBy` entry is not a certificate or holds
 *   such a key; `SLO_MESSAGE_EXPIRED` past a `validUntil` (of
 *   the entity, its IDPSSODescriptor or any EntitiesDescriptor around it), and
 *   `SLO_MESSAGE_INVALID` when one is not an xs:dateTime (without a zone, read as UTC);
 *   with `signedBy`, `SLO_SIGNATURE_MISSING`, `SLO_SIGNATURE_INVALID`,
 *   `SLO_SIGNATURE_WRAPPING` or `SLO_ALGORITHM_FORBIDDEN`, and `SLO_MESSAGE_INVALID` (option
 *   `maxValidityMs`) when the root carries no `validUntil` or one more than `maxValidityMs`
 *   ahead; `SLO_OPTION_INVALID` for a `maxValidityMs` that is neither `false` nor an integer
 *   from 1 ms to ten years.
 * @example
 * ```ts
 * const idp = idpFromMetadata(fs.readFileSync('idp-metadata.xml', 'utf8'));
 * createSlo({ ...options, idps: [idp] });
 *
 * // Metadata fetched over the network: require its publisher's signature.
 * const fetched = await (await fetch('https://idp.example.org/metadata')).text();
 * const signed = idpFromMetadata(fetched, { signedBy: fs.readFileSync('idp-metadata-signer.pem', 'utf8') });
 *
 * // An IdP that publishes no validUntil (Entra ID, ADFS): fetched over TLS from the IdP.
 * const entra = idpFromMetadata(fetched, { signedBy: entraSigner, maxValidityMs: false });
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
  const root = doc.documentElement!;
  const rootName = root.tagName;
  if (
    !isElement(root, NS.md, 'EntityDescriptor') &&
    !isElement(root, NS.md, 'EntitiesDescriptor')
  ) {
    throw new SloError(
      SloErrorCode.MessageUnexpected,
      `saml-slo idpFromMetadata: the document is not SAML metadata (its root is ${rootName}, not md:EntityDescriptor or md:EntitiesDescriptor)`,
    );
  }
  const maxValidityMs = maxValidityOf(options);
  if (options.signedBy !== undefined) {
    verifyMetadataSignature(root, options);
    if (maxValidityMs !== false) requireFreshValidUntil(root, maxValidityMs);
  }
  // An expired document is refused as such, before any IdP is looked for in it.
  refuseExpired(root);
  // Entities are found by the metadata schema's structure only (EntitiesDescriptor ›
  // EntitiesDescriptor* › EntityDescriptor), never by a descendant search: a search would
  // also reach into ds:Signature (its KeyInfo is not covered by the signature) or
  // md:Extensions, where anyone could add an EntityDescriptor of their own.
  const idps = idpEntities(root);
  const chosen =
    entityID === undefined
      ? idps
      : idps.filter((e) => e.entity.getAttribute('entityID') === entityID);
  if (chosen.length !== 1) {
    throw new SloError(
      SloErrorCode.OptionInvalid,
      chosen.length === 0
        ? `saml-slo idpFromMetadata: no IdP${entityID === undefined ? '' : ` ${entityID}`} in the metadata`
        : entityID === undefined
          ? 'saml-slo idpFromMetadata: several IdPs in the metadata; pass the entityID to pick one'
          : `saml-slo idpFromMetadata: ${chosen.length} IdPs in the metadata carry the entityID ${entityID}`,
      { option: 'idps' },
    );
  }
  const { entity, enclosing } = chosen[0]!;
  const chosenID = entity.getAttribute('entityID') ?? '';
  const descriptor = saml2Descriptor(entity, chosenID);
  // validUntil of an EntitiesDescriptor bounds everything inside it.
  for (const element of [...enclosing, entity, descriptor]) refuseExpired(element);
  const signingCertificates: string[] = [];
  for (const key of childrenNamed(descriptor, NS.md, 'KeyDescriptor')) {
    const use = key.getAttribute('use');
    if (use && use !== 'signing') continue;
    forEachElement(key, (el) => {
      if (!isElement(el, NS.ds, 'X509Certificate')) return;
      const base64 = readSimpleText(el).replace(/\s+/g, '');
      // Left in, it would reach createSlo as an empty option the user never wrote.
      if (base64 === '')
        throw new SloError(
          SloErrorCode.OptionInvalid,
          `saml-slo idpFromMetadata: ${chosenID}'s signing md:KeyDescriptor holds an empty ds:X509Certificate element; get metadata whose KeyDescriptors carry the certificates, or configure idps[].signingCertificates by hand`,
          { option: 'idps' },
        );
      signingCertificates.push(base64);
    });
  }
  signingCertificates.forEach((base64, n) => refuseWeakSigningKey(base64, chosenID, n));
  // Without one, no LogoutRequest of this IdP could ever be verified: say so here, not as an
  // empty idps[].signingCertificates option the user never wrote.
  if (signingCertificates.length === 0) {
    throw new SloError(
      SloErrorCode.OptionInvalid,
      `saml-slo idpFromMetadata: ${chosenID} has no signing certificate in its metadata (no KeyDescriptor with use="signing", or without use, holding a ds:X509Certificate), so none of its logout messages could be verified; get metadata that lists its signing certificate, or configure idps[].signingCertificates by hand`,
      { option: 'idps' },
    );
  }
  const singleLogoutService: IdpFromMetadata['singleLogoutService'] = {};
  for (const { binding, location, service } of endpoints(descriptor, 'SingleLogoutService', SLO)) {
    if (singleLogoutService[binding]) continue;
    const responseLocation = optionalAttribute(service, 'ResponseLocation');
    singleLogoutService[binding] = responseLocation ? { location, responseLocation } : { location };
  }
  const singleSignOnService: IdpFromMetadata['singleSignOnService'] = {};
  for (const { binding, location } of endpoints(descriptor, 'SingleSignOnService', SSO)) {
    singleSignOnService[binding] ??= { location };
  }
  return {
    entityID: chosenID,
    signingCertificates,
    singleLogoutService,
    singleSignOnService,
  };
}

/**
 * Refuses the entity's `n`th signing certificate when its RSA key is under 2048 bits. One
 * that cannot be read is left for `createSlo` to refuse, naming its option.
 */
function refuseWeakSigningKey(base64: string, entityID: string, n: number): void {
  let bits: number | undefined;
  try {
    bits = weakRsaBits(loadCertificate(base64, 'idps').publicKey);
  } catch {
    return;
  }
  if (bits === undefined) return;
  throw new SloError(
    SloErrorCode.OptionInvalid,
    `saml-slo idpFromMetadata: ${entityID}'s signing certificate ${n + 1} (a ds:X509Certificate of a signing md:KeyDescriptor) holds a ${bits}-bit RSA key; RSA keys under ${MIN_RSA_BITS} bits are too weak to trust and are refused: have the IdP roll its signing key over to RSA of 2048 bits or more (or EC) and publish its certificate`,
    { option: 'idps' },
  );
}

/** The bindings read for SingleLogoutService (every one saml-slo speaks) and SingleSignOnService. */
const SLO = Object.keys(BINDING_URI) as SloBinding[];
const SSO = ['redirect', 'post'] as const;

/** The `name` endpoints of `descriptor` in one of `bindings`, with a Location, in order. */
function endpoints<B extends SloBinding>(
  descriptor: Element,
  name: string,
  bindings: readonly B[],
): { binding: B; location: string; service: Element }[] {
  return childrenNamed(descriptor, NS.md, name).flatMap((service) => {
    const binding = bindings.find((b) => BINDING_URI[b] === service.getAttribute('Binding'));
    const location = service.getAttribute('Location');
    return binding && location ? [{ binding, location, service }] : [];
  });
}

/**
 * The entity's first IDPSSODescriptor for SAML 2.0: whose protocolSupportEnumeration lists
 * `urn:oasis:names:tc:SAML:2.0:protocol`. Another one (SAML 1.1, Shibboleth 1.3) would give
 * keys and endpoints for another protocol.
 */
function saml2Descriptor(entity: Element, entityID: string): Element {
  const descriptor = childrenNamed(entity, NS.md, 'IDPSSODescriptor').find((d) =>
    (d.getAttribute('protocolSupportEnumeration') ?? '').split(/[ \t\r\n]+/).includes(NS.samlp),
  );
  if (!descriptor) {
    throw new SloError(
      SloErrorCode.OptionInvalid,
      `saml-slo idpFromMetadata: ${entityID} has no IDPSSODescriptor whose protocolSupportEnumeration lists ${NS.samlp}: it does not offer SAML 2.0, which saml-slo speaks`,
      { option: 'idps' },
    );
  }
  return descriptor;
}

/** An IdP's EntityDescriptor, with the EntitiesDescriptors around it (outermost first). */
interface IdpEntity {
  readonly entity: Element;
  readonly enclosing: readonly Element[];
}

/** The EntityDescriptors holding an IDPSSODescriptor, by the metadata schema's structure. */
function idpEntities(root: Element): IdpEntity[] {
  const found: IdpEntity[] = [];
  const visit = (element: Element, enclosing: readonly Element[]): void => {
    if (isElement(element, NS.md, 'EntityDescriptor')) {
      if (childrenNamed(element, NS.md, 'IDPSSODescriptor').length > 0)
        found.push({ entity: element, enclosing });
      return;
    }
    const inside = [...enclosing, element];
    for (const child of childElements(element)) {
      if (
        isElement(child, NS.md, 'EntityDescriptor') ||
        isElement(child, NS.md, 'EntitiesDescriptor')
      )
        visit(child, inside);
    }
  };
  visit(root, []);
  return found;
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
  // A PEM string may bundle several certificates (a signer and its successor): each counts.
  const keys = list.flatMap((pem, i) =>
    splitPemBundle(pem, `signedBy[${i}]`).map((one) => {
      const key = loadCertificate(one, `signedBy[${i}]`).publicKey;
      refuseWeakRsaKey(
        key,
        `signedBy[${i}]`,
        "have the metadata's publisher sign it with an RSA key of 2048 bits or more (or EC), and pass that certificate",
      );
      return key;
    }),
  );
  try {
    verifyEnvelopedSignature(
      root,
      keys,
      { allowSha1: options.allowSha1 === true },
      'the metadata root',
    );
  } catch (err) {
    if (!isSloError(err)) throw err;
    throw new SloError(err.code, `saml-slo idpFromMetadata: metadata signature: ${err.message}`, {
      cause: err,
    });
  }
}

/**
 * `options.maxValidityMs`, checked whenever given (with or without `signedBy`): `false`, or
 * an integer from 1 ms to ten years; the default when absent.
 */
function maxValidityOf(options: IdpMetadataOptions): number | false {
  const given: unknown = options.maxValidityMs;
  if (given === undefined) return DEFAULT_MAX_VALIDITY_MS;
  if (given === false) return false;
  if (
    typeof given !== 'number' ||
    !Number.isInteger(given) ||
    given < 1 ||
    given > LONGEST_MAX_VALIDITY_MS
  ) {
    throw new SloError(
      SloErrorCode.OptionInvalid,
      `saml-slo idpFromMetadata option maxValidityMs must be an integer from 1 to ${LONGEST_MAX_VALIDITY_MS} (ms), or false to accept signed metadata without a validUntil`,
      { option: 'maxValidityMs' },
    );
  }
  return given;
}

/**
 * Requires signed metadata to say when it stops being valid, soon enough: a `validUntil` on
 * the root, at most `maxValidityMs` ahead. Without one, a signed copy taken once verifies
 * for as long as its signer's certificate is trusted, keys it announced long ago included.
 * (A `validUntil` that has passed is refused afterwards, as for unsigned metadata.)
 */
function requireFreshValidUntil(root: Element, maxValidityMs: number): void {
  const text = optionalAttribute(root, 'validUntil');
  if (text === undefined) {
    throw new SloError(
      SloErrorCode.MessageInvalid,
      `saml-slo idpFromMetadata: signed metadata must carry a validUntil on its root ${root.localName}, or an old signed copy could be replayed; for an IdP that publishes none, pass maxValidityMs: false and fetch its metadata over TLS from the IdP itself`,
      { option: 'maxValidityMs' },
    );
  }
  const until = readValidUntil(root, text);
  if (until.getTime() > Date.now() + maxValidityMs) {
    throw new SloError(
      SloErrorCode.MessageInvalid,
      `saml-slo idpFromMetadata: the metadata's validUntil ${text} is more than maxValidityMs (${maxValidityMs} ms) ahead; raise maxValidityMs if its publisher signs it for that long`,
      { option: 'maxValidityMs' },
    );
  }
}

/** Refuses an element whose `validUntil` has passed (or cannot be read). */
function refuseExpired(element: Element): void {
  const text = optionalAttribute(element, 'validUntil');
  if (text === undefined) return;
  const until = readValidUntil(element, text);
  if (until.getTime() <= Date.now()) {
    throw new SloError(
      SloErrorCode.MessageExpired,
      `saml-slo idpFromMetadata: the metadata expired (${element.localName} validUntil ${text}); fetch a current copy from the IdP`,
    );
  }
}

/** An element's `validUntil` as a date, or `SLO_MESSAGE_INVALID`. */
function readValidUntil(element: Element, text: string): Date {
  // SAML times are UTC; a validUntil written without a zone is read as UTC.
  const trimmed = text.trim();
  const until = parseSamlInstant(/(Z|[+-]\d{2}:\d{2})$/.test(trimmed) ? trimmed : `${trimmed}Z`);
  if (!until) {
    throw new SloError(
      SloErrorCode.MessageInvalid,
      `saml-slo idpFromMetadata: ${element.localName} validUntil "${text}" is not an xs:dateTime`,
    );
  }
  return until;
}
