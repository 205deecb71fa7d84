import { SloErrorCode } from '../../../lib';
import { signXml, type LogoutRequestResult, type SigningKey } from '../../../lib/testing';

/** The two bindings that carry an enveloped XML signature inside the LogoutRequest. */
export type WrappingBinding = 'soap' | 'post';

/** What every variant is made from. */
export interface WrappingParts {
  /** A genuine LogoutRequest signed by the IdP, naming bob's SessionIndex. */
  readonly genuine: LogoutRequestResult;
  /** An unsigned LogoutRequest from the same Issuer, naming alice's session: the forgery's target. */
  readonly forged: LogoutRequestResult;
  /**
   * The IdP's key, used only by the variants whose premise is that the IdP signed something
   * other than the request (an inner element, the Issuer alone).
   */
  readonly idpKey: SigningKey;
}

/**
 * What is delivered. SOAP: `message` is the one thing in soap:Body (or, for the
 * two-messages variants, everything in it) and `soapHeader` the content of an optional
 * soap:Header. POST: `message` is the whole document sent as SAMLRequest (base64).
 */
export interface WrappedDelivery {
  readonly message: string;
  readonly soapHeader?: string;
}

/** The ID the SP's LogoutResponse must answer (InResponseTo). */
export type AnsweredId = 'forged' | 'genuine';

/**
 * How the SP refuses, per binding:
 * - `logout-response`: a LogoutResponse signed by the SP, Requester/RequestDenied, the code
 *   as StatusMessage (SOAP: in the SOAP reply; POST: in the auto-submit form to the IdP);
 * - `soap-fault`: a SOAP 1.1 Fault (HTTP 500, as SOAP 1.1 requires) whose faultstring is the
 *   code (structural refusals);
 * - `plain-text`: HTTP `status` with `SAML logout refused: <code>` (POST, when the document
 *   is not a LogoutRequest at all, so there is nothing to answer).
 */
export type ExpectedRefusal =
  | { readonly kind: 'logout-response'; readonly code: string; readonly inResponseTo: AnsweredId }
  | { readonly kind: 'soap-fault'; readonly code: string; readonly httpStatus: number }
  | { readonly kind: 'plain-text'; readonly code: string; readonly status: number };

/** One classic XML Signature Wrapping shape. */
export interface WrappingVariant {
  /** Short name, used as the test title. */
  readonly name: string;
  /** The refusal the SP must answer, per binding. */
  readonly expected: Readonly<Record<WrappingBinding, ExpectedRefusal>>;
  /** The bytes to deliver on `binding`. */
  build(parts: WrappingParts, binding: WrappingBinding): WrappedDelivery;
}

const SIGNATURE = /<ds:Signature\b[\s\S]*?<\/ds:Signature>/;
const ISSUER_END = '</saml:Issuer>';
const EVIL_NS = 'urn:evil';

/** Splits a signed message into its ds:Signature and the message without it. */
export function detachSignature(signedXml: string): { signature: string; unsigned: string } {
  const signature = SIGNATURE.exec(signedXml)?.[0];
  if (!signature) throw new Error('no ds:Signature to detach');
  return { signature, unsigned: signedXml.replace(signature, '') };
}

/** `xml` with `inserted` right after its first saml:Issuer (where a signature belongs). */
function afterIssuer(xml: string, inserted: string): string {
  if (!xml.includes(ISSUER_END)) throw new Error('no saml:Issuer');
  return xml.replace(ISSUER_END, `${ISSUER_END}${inserted}`);
}

/** `xml` (a samlp:LogoutRequest) with `inserted` as its first child, before the Issuer. */
function asFirstChild(xml: string, inserted: string): string {
  const startTagEnd = xml.indexOf('>');
  if (!xml.startsWith('<samlp:LogoutRequest') || startTagEnd < 0) {
    throw new Error('not a samlp:LogoutRequest');
  }
  return `${xml.slice(0, startTagEnd + 1)}${inserted}${xml.slice(startTagEnd + 1)}`;
}

/** `xml` (a samlp:LogoutRequest) with `inserted` as its last child. */
function asLastChild(xml: string, inserted: string): string {
  const close = '</samlp:LogoutRequest>';
  if (!xml.endsWith(close)) throw new Error('not a samlp:LogoutRequest');
  return `${xml.slice(0, -close.length)}${inserted}${close}`;
}

function inExtensions(xml: string): string {
  return `<samlp:Extensions>${xml}</samlp:Extensions>`;
}

function wrapper(...children: string[]): string {
  return `<evil:Wrapper xmlns:evil="${EVIL_NS}">${children.join('')}</evil:Wrapper>`;
}

/** `xml` with its (first) ID attribute replaced by `id`. */
function withId(xml: string, id: string): string {
  const replaced = xml.replace(/\bID="[^"]*"/, `ID="${id}"`);
  if (replaced === xml) throw new Error('no ID attribute');
  return replaced;
}

const wrappingOfForged: ExpectedRefusal = {
  kind: 'logout-response',
  code: SloErrorCode.SignatureWrapping,
  inResponseTo: 'forged',
};
const both = (refusal: ExpectedRefusal): Record<WrappingBinding, ExpectedRefusal> => ({
  soap: refusal,
  post: refusal,
});

/**
 * The catalog. Every variant keeps the IdP's genuine signature intact (or, for 7b and 8, a
 * genuine IdP signature over something other than the request), and makes the element the
 * SP would act on the forged request for alice.
 */
/**
 * The genuine request, its signature detached, hidden by `wrap` inside that signature, which
 * is then placed on the forged request (after its Issuer).
 */
function inOwnSignature(genuine: string, forged: string, wrap: (unsigned: string) => string) {
  const { signature, unsigned } = detachSignature(genuine);
  return afterIssuer(
    forged,
    signature.replace('</ds:Signature>', `${wrap(unsigned)}</ds:Signature>`),
  );
}

export const wrappingVariants: readonly WrappingVariant[] = [
  {
    name: '1. signed request moved under samlp:Extensions of a forged unsigned request',
    expected: both(wrappingOfForged),
    build: ({ genuine, forged }) => ({
      message: afterIssuer(forged.xml, inExtensions(genuine.xml)),
    }),
  },
  {
    name: '2. signed request moved into a ds:Object of its own signature, the signature placed on the forged request',
    expected: both(wrappingOfForged),
    build: ({ genuine, forged }) => ({
      message: inOwnSignature(genuine.xml, forged.xml, (u) => `<ds:Object>${u}</ds:Object>`),
    }),
  },
  {
    name: '2b. signed request moved into an element of another namespace inside its own signature, the signature placed on the forged request',
    expected: both(wrappingOfForged),
    build: ({ genuine, forged }) => ({
      message: inOwnSignature(
        genuine.xml,
        forged.xml,
        (u) => `<x:Carrier xmlns:x="urn:example:carrier">${u}</x:Carrier>`,
      ),
    }),
  },
  {
    // SOAP: the wrapper is the one element of soap:Body; POST: it is the document element.
    name: '3. signed request as a sibling of the forged request, both children of a wrapper element',
    expected: {
      soap: { kind: 'soap-fault', code: SloErrorCode.MessageUnexpected, httpStatus: 500 },
      post: { kind: 'plain-text', code: SloErrorCode.MessageUnexpected, status: 400 },
    },
    build: ({ genuine, forged }) => ({ message: wrapper(forged.xml, genuine.xml) }),
  },
  {
    // SOAP: two messages side by side in soap:Body. POST carries one document, so the forged
    // request is the document element and the signed one is nested as its first child.
    name: '4. an unsigned request for alice before the signed one',
    expected: {
      soap: { kind: 'soap-fault', code: SloErrorCode.SoapMalformed, httpStatus: 500 },
      post: wrappingOfForged,
    },
    build: ({ genuine, forged }, binding) => ({
      message:
        binding === 'soap' ? `${forged.xml}${genuine.xml}` : asFirstChild(forged.xml, genuine.xml),
    }),
  },
  {
    // As 4, the other way round: POST nests the signed request as the forged one's last child.
    name: '5. an unsigned request for alice after the signed one',
    expected: {
      soap: { kind: 'soap-fault', code: SloErrorCode.SoapMalformed, httpStatus: 500 },
      post: wrappingOfForged,
    },
    build: ({ genuine, forged }, binding) => ({
      message:
        binding === 'soap' ? `${genuine.xml}${forged.xml}` : asLastChild(forged.xml, genuine.xml),
    }),
  },
  {
    // SOAP: the genuine request hides in soap:Header; POST: in the forged request's Extensions.
    name: '6. duplicate IDs: the forged request carries the genuine ID and signature, the genuine request hidden elsewhere',
    expected: both({
      kind: 'logout-response',
      code: SloErrorCode.SignatureWrapping,
      inResponseTo: 'genuine',
    }),
    build: ({ genuine, forged }, binding) => {
      const { signature, unsigned } = detachSignature(genuine.xml);
      const impostor = afterIssuer(withId(forged.xml, genuine.id), signature);
      return binding === 'soap'
        ? { message: impostor, soapHeader: unsigned }
        : { message: afterIssuer(impostor, inExtensions(unsigned)) };
    },
  },
  {
    name: '7. Reference to another element: the genuine signature enveloped in the forged request, covering the genuine request nested inside it',
    expected: both(wrappingOfForged),
    build: ({ genuine, forged }) => {
      const { signature, unsigned } = detachSignature(genuine.xml);
      return { message: afterIssuer(forged.xml, `${signature}${inExtensions(unsigned)}`) };
    },
  },
  {
    name: '7b. Reference to another element: an IdP signature over an inner element with its own ID, not the request',
    expected: both(wrappingOfForged),
    build: ({ forged, idpKey }) => {
      const innerId = '_signed-inner-element';
      const withInner = afterIssuer(
        forged.xml,
        inExtensions(
          `<evil:Evidence xmlns:evil="${EVIL_NS}" ID="${innerId}">harmless</evil:Evidence>`,
        ),
      );
      const { signature, unsigned } = detachSignature(
        signXml(withInner, { referenceId: innerId, ...idpKey }),
      );
      if (!signature.includes(`URI="#${innerId}"`)) throw new Error('inner element not referenced');
      return { message: afterIssuer(unsigned, signature) };
    },
  },
  {
    name: '8. a signature over the Issuer only, placed where the request signature goes',
    expected: both(wrappingOfForged),
    build: ({ forged, idpKey }) => {
      const issuerId = '_signed-issuer-only';
      const issuerWithId = forged.xml.replace('<saml:Issuer>', `<saml:Issuer ID="${issuerId}">`);
      if (issuerWithId === forged.xml) throw new Error('no plain <saml:Issuer>');
      const { signature, unsigned } = detachSignature(
        signXml(issuerWithId, { referenceId: issuerId, ...idpKey }),
      );
      if (!signature.includes(`URI="#${issuerId}"`)) throw new Error('Issuer not referenced');
      return { message: afterIssuer(unsigned, signature) };
    },
  },
];
