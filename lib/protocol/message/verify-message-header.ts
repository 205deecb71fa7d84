import type { KeyObject } from 'node:crypto';
import { SloError, SloErrorCode } from '../../errors';
import type { ReplayCache } from '../../session-index/session-index';
import { NS } from '../xml/namespaces';
import { optionalAttribute, optionalChild, readSimpleText } from '../xml/dom';
import { verifyEnvelopedSignature } from '../xml-signature/verify-enveloped-signature';
import type { AlgorithmPolicy } from '../xml-signature/algorithms';
import { isSamlId, parseSamlInstant } from '../saml-id';

/** What the verifier trusts about one IdP. */
export interface IdpTrust {
  readonly entityID: string;
  /** Public keys of the IdP's signing certificates (several during a rollover). */
  readonly signingKeys: readonly KeyObject[];
}

/**
 * Checks a message's signature for the binding it came by, with the keys of the IdP its
 * Issuer names: the enveloped XML signature (SOAP, POST), or the query signature
 * (Redirect, checked by the binding).
 */
export type SignatureCheck = (message: Element, idp: IdpTrust, policy: AlgorithmPolicy) => void;

/**
 * The enveloped-signature check of the SOAP and POST bindings.
 *
 * @example
 * ```ts
 * await verifyLogoutRequest(element, context, envelopedSignature);
 * ```
 */
export const envelopedSignature: SignatureCheck = (message, idp, policy) =>
  verifyEnvelopedSignature(message, idp.signingKeys, policy);

/** Everything needed to judge a message from an IdP. */
export interface MessageContext {
  readonly idps: ReadonlyMap<string, IdpTrust>;
  /** This endpoint's absolute URL; Destination must equal it. */
  readonly expectedDestination: string;
  /** Refuse a message that names no Destination (default true). */
  readonly requireDestination: boolean;
  readonly clockSkewMs: number;
  /** How old an IssueInstant may be (before skew). */
  readonly maxMessageAgeMs: number;
  readonly algorithmPolicy: AlgorithmPolicy;
  readonly decryptionKeyPem?: string;
  readonly replayCache: ReplayCache;
  readonly now: () => number;
}

/** The checked header of a SAML protocol message. */
export interface MessageHeader {
  readonly id: string;
  readonly issuer: string;
  readonly idp: IdpTrust;
  readonly issueInstant: Date;
  readonly destination?: string;
}

const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';

/**
 * The checks every inbound SAML protocol message passes (design §6), in this order: ID,
 * Version 2.0, Issuer a configured IdP, signature (by `checkSignature`), Destination this
 * endpoint, IssueInstant inside the window. The replay check comes last, from the caller,
 * once the message is known to be authentic.
 *
 * @throws {SloError} with the code of the first failed check.
 * @example
 * ```ts
 * const header = verifyMessageHeader(element, context, envelopedSignature);
 * ```
 */
export function verifyMessageHeader(
  element: Element,
  context: MessageContext,
  checkSignature: SignatureCheck,
): MessageHeader {
  const id = element.getAttribute('ID');
  if (!isSamlId(id)) throw invalid('ID is missing or not an xsd:ID');
  if (element.getAttribute('Version') !== '2.0') {
    throw new SloError(
      SloErrorCode.VersionMismatch,
      `unsupported SAML Version "${element.getAttribute('Version')}"`,
    );
  }
  const issuer = readIssuer(element);
  const idp = context.idps.get(issuer);
  if (!idp) throw new SloError(SloErrorCode.IssuerUnknown, 'the Issuer is not a configured IdP');

  checkSignature(element, idp, context.algorithmPolicy);

  const destination = optionalAttribute(element, 'Destination');
  if (
    destination === undefined
      ? context.requireDestination
      : destination !== context.expectedDestination
  ) {
    throw new SloError(SloErrorCode.DestinationMismatch, 'the Destination is not this endpoint');
  }
  const now = context.now();
  const issueInstant = parseSamlInstant(optionalAttribute(element, 'IssueInstant'));
  if (!issueInstant) throw invalid('IssueInstant is missing or not an xsd:dateTime');
  if (
    issueInstant.getTime() > now + context.clockSkewMs ||
    issueInstant.getTime() < now - context.maxMessageAgeMs - context.clockSkewMs
  ) {
    throw new SloError(SloErrorCode.MessageExpired, 'IssueInstant is outside the accepted window');
  }
  return { id, issuer, idp, issueInstant, ...(destination === undefined ? {} : { destination }) };
}

/**
 * Records the message ID in the replay cache until it could no longer pass the
 * IssueInstant window. Call only once the message is authentic.
 *
 * @throws {SloError} `SLO_MESSAGE_REPLAYED`.
 * @example
 * ```ts
 * await rememberMessage(header, context);
 * ```
 */
export async function rememberMessage(
  header: MessageHeader,
  context: MessageContext,
): Promise<void> {
  const keepUntil = replayWindowEnd(header.issueInstant, context);
  if (!(await context.replayCache.remember(header.issuer, header.id, keepUntil))) {
    throw messageReplayed();
  }
}

/**
 * The refusal of a message whose ID was processed before: `SLO_MESSAGE_REPLAYED`.
 *
 * @example
 * ```ts
 * if (!(await index.rememberLogoutRequest(claim, requestId))) throw messageReplayed();
 * ```
 */
export function messageReplayed(): SloError {
  return new SloError(SloErrorCode.MessageReplayed, 'a message with this ID was already processed');
}

/**
 * Until when a message issued at `issueInstant` could still pass the IssueInstant window:
 * how long its ID must be remembered against replay.
 *
 * @example
 * ```ts
 * await replayCache.remember(request.issuer, request.id, replayWindowEnd(request.issueInstant, context));
 * ```
 */
export function replayWindowEnd(
  issueInstant: Date,
  context: Pick<MessageContext, 'maxMessageAgeMs' | 'clockSkewMs'>,
): number {
  return issueInstant.getTime() + context.maxMessageAgeMs + 2 * context.clockSkewMs;
}

function readIssuer(element: Element): string {
  const issuer = optionalChild(element, NS.saml, 'Issuer');
  if (!issuer) throw invalid('Issuer is missing');
  const format = optionalAttribute(issuer, 'Format');
  if (format !== undefined && format !== ENTITY_FORMAT)
    throw invalid('Issuer Format must be entity');
  const value = readSimpleText(issuer).trim();
  if (value.length === 0) throw invalid('Issuer is empty');
  return value;
}

function invalid(message: string): SloError {
  return new SloError(SloErrorCode.MessageInvalid, message);
}
