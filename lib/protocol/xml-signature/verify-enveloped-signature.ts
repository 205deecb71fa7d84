import { createHash, timingSafeEqual, type KeyObject } from 'node:crypto';
import { SloError, SloErrorCode } from '../../errors';
import { NS } from '../xml/namespaces';
import {
  childElements,
  childrenNamed,
  forEachElement,
  isElement,
  readSimpleText,
} from '../xml/dom';
import {
  XmlDsigAlgorithm,
  digestAlgorithmFor,
  signatureAlgorithmFor,
  type AlgorithmPolicy,
} from './algorithms';
import { canonicalizeExclusive } from './canonicalize';
import { verifyWithKeys } from './verify-with-keys';

/**
 * Verifies the enveloped XML Signature of `element` against trusted public keys only.
 *
 * Written by hand over the parsed DOM (design §9) rather than with xml-crypto's
 * xpath-driven `SignedXml`, so that the structure can be held to what SAML allows and
 * wrapping attacks fail by construction:
 * - exactly one ds:Signature in the whole document, a direct child of `element`;
 * - no two elements share an `ID`;
 * - exactly one Reference, whose URI is `#` + `element`'s own ID;
 * - transforms limited to enveloped-signature and exclusive c14n; no ds:Object, nothing
 *   in ds:Signature but SignedInfo, SignatureValue and one optional KeyInfo;
 * - keys come from configuration; a KeyInfo certificate is never trusted.
 * Canonicalization and the algorithm URIs are xml-crypto's. `subject` names `element` in
 * error messages ('the message' for a SAML message, 'the metadata root' for metadata).
 *
 * @throws {SloError} `SLO_SIGNATURE_MISSING`, `SLO_SIGNATURE_WRAPPING`,
 *   `SLO_ALGORITHM_FORBIDDEN` or `SLO_SIGNATURE_INVALID`.
 * @example
 * ```ts
 * verifyEnvelopedSignature(logoutRequest, idp.signingKeys, { allowSha1: false });
 * ```
 */
export function verifyEnvelopedSignature(
  element: Element,
  trustedKeys: readonly KeyObject[],
  policy: AlgorithmPolicy,
  subject = 'the message',
): void {
  const doc = element.ownerDocument;
  const signatures: Element[] = [];
  const ids = new Set<string>();
  forEachElement(doc, (el) => {
    if (isElement(el, NS.ds, 'Signature')) signatures.push(el);
    const attributes = el.attributes;
    for (let i = 0; i < attributes.length; i += 1) {
      const attribute = attributes[i]!;
      if (!ID_ATTRIBUTE_NAMES.has(attribute.name)) continue;
      if (ids.has(attribute.value))
        throw wrapping(`two elements carry the ID "${attribute.value}"`);
      ids.add(attribute.value);
    }
  });
  if (signatures.length === 0) {
    throw new SloError(SloErrorCode.SignatureMissing, `${subject} is not signed`);
  }
  if (signatures.length > 1) throw wrapping('more than one ds:Signature in the document');
  const signature = signatures[0]!;
  if (signature.parentNode !== element) throw wrapping(`the signature does not envelop ${subject}`);

  const parts = childElements(signature);
  const signedInfo = parts[0];
  const signatureValue = parts[1];
  if (
    !isElement(signedInfo, NS.ds, 'SignedInfo') ||
    !isElement(signatureValue, NS.ds, 'SignatureValue')
  ) {
    throw wrapping('ds:Signature must start with SignedInfo and SignatureValue');
  }
  if (childrenNamed(signature, NS.ds, 'Object').length > 0)
    throw wrapping('ds:Object is not allowed');
  // The enveloped transform leaves all of ds:Signature unsigned: nothing may ride in it but
  // the one optional KeyInfo (whose certificate is never trusted anyway).
  const rest = parts.slice(2);
  if (rest.length > 1 || (rest.length === 1 && !isElement(rest[0], NS.ds, 'KeyInfo')))
    throw wrapping('ds:Signature may hold only SignedInfo, SignatureValue and one KeyInfo');

  const info = readSignedInfo(signedInfo, policy);
  const ownId = element.getAttribute('ID');
  if (!ownId || info.referenceUri !== `#${ownId}`) {
    throw wrapping(`the signature does not reference ${subject} itself (by its ID)`);
  }

  const signedOctets = canonicalizeExclusive(element, {
    omit: signature,
    inclusivePrefixes: info.referencePrefixes,
  });
  const digest = createHash(info.digestHash).update(signedOctets, 'utf8').digest();
  if (!sameBytes(digest, info.digestValue)) {
    throw new SloError(SloErrorCode.SignatureInvalid, `${subject} was changed after it was signed`);
  }

  const signedInfoOctets = Buffer.from(
    canonicalizeExclusive(signedInfo, { inclusivePrefixes: info.signedInfoPrefixes }),
    'utf8',
  );
  const value = decodeBase64(readSimpleText(signatureValue));
  const ok = verifyWithKeys(info.signatureHash, info.ecdsa, signedInfoOctets, value, trustedKeys);
  if (!ok) {
    throw new SloError(
      SloErrorCode.SignatureInvalid,
      'the signature does not verify with any trusted key',
    );
  }
}

/** The attribute names an XML Signature reference may resolve by (SAML's `ID`, and others'). */
const ID_ATTRIBUTE_NAMES = new Set(['ID', 'Id', 'id']);

interface SignedInfoParts {
  readonly signatureHash: string;
  readonly ecdsa: boolean;
  readonly signedInfoPrefixes: string[];
  readonly referenceUri: string;
  readonly referencePrefixes: string[];
  readonly digestHash: string;
  readonly digestValue: Buffer;
}

function readSignedInfo(signedInfo: Element, policy: AlgorithmPolicy): SignedInfoParts {
  const children = childElements(signedInfo);
  const [c14n, method, ...references] = children;
  if (
    !isElement(c14n, NS.ds, 'CanonicalizationMethod') ||
    !isElement(method, NS.ds, 'SignatureMethod')
  ) {
    throw wrapping('SignedInfo must start with CanonicalizationMethod and SignatureMethod');
  }
  if (references.length !== 1 || !isElement(references[0], NS.ds, 'Reference')) {
    throw wrapping('SignedInfo must hold exactly one Reference');
  }
  requireExclusiveC14n(c14n);
  const signatureAlgorithm = signatureAlgorithmFor(method.getAttribute('Algorithm') ?? '', policy);
  const reference = references[0];

  const [transforms, digestMethod, digestValue, ...extra] = childElements(reference);
  if (
    !isElement(transforms, NS.ds, 'Transforms') ||
    !isElement(digestMethod, NS.ds, 'DigestMethod') ||
    !isElement(digestValue, NS.ds, 'DigestValue') ||
    extra.length > 0
  ) {
    throw wrapping('Reference must hold Transforms, DigestMethod and DigestValue');
  }
  return {
    signatureHash: signatureAlgorithm.hash,
    ecdsa: signatureAlgorithm.ecdsa,
    signedInfoPrefixes: inclusivePrefixesOf(c14n),
    referenceUri: reference.getAttribute('URI') ?? '',
    referencePrefixes: readTransforms(transforms),
    digestHash: digestAlgorithmFor(digestMethod.getAttribute('Algorithm') ?? '', policy),
    digestValue: decodeBase64(readSimpleText(digestValue)),
  };
}

/** Accepts exactly: enveloped-signature, then optionally exclusive c14n. Returns its PrefixList. */
function readTransforms(transforms: Element): string[] {
  const list = childElements(transforms);
  const algorithms = list.map((t) =>
    isElement(t, NS.ds, 'Transform') ? t.getAttribute('Algorithm') : null,
  );
  const [first, second, ...rest] = algorithms;
  if (first !== XmlDsigAlgorithm.envelopedSignature || rest.length > 0) {
    throw new SloError(
      SloErrorCode.AlgorithmForbidden,
      'transforms must be enveloped-signature then exclusive c14n',
    );
  }
  if (second === undefined) return [];
  if (second !== XmlDsigAlgorithm.excC14n) {
    throw new SloError(SloErrorCode.AlgorithmForbidden, `transform not allowed: ${second}`);
  }
  return inclusivePrefixesOf(list[1]!);
}

function requireExclusiveC14n(method: Element): void {
  const algorithm = method.getAttribute('Algorithm');
  if (algorithm !== XmlDsigAlgorithm.excC14n) {
    throw new SloError(
      SloErrorCode.AlgorithmForbidden,
      `canonicalization not allowed: ${algorithm}`,
    );
  }
}

const EXC_C14N_NS = 'http://www.w3.org/2001/10/xml-exc-c14n#';

function inclusivePrefixesOf(method: Element): string[] {
  const inclusive = childrenNamed(method, EXC_C14N_NS, 'InclusiveNamespaces')[0];
  const list = inclusive?.getAttribute('PrefixList') ?? '';
  return list.split(/\s+/).filter((p) => p.length > 0 && p !== '#default');
}

function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new SloError(SloErrorCode.SignatureInvalid, 'signature or digest value is not base64');
  }
  return Buffer.from(compact, 'base64');
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function wrapping(message: string): SloError {
  return new SloError(SloErrorCode.SignatureWrapping, message);
}
