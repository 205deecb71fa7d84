import type { KeyObject } from 'node:crypto';
import { SloError, SloErrorCode } from '../../errors';
import type { ReplayCache } from '../../session-index/session-index';
import { NS } from '../xml/namespaces';
import {
  childrenNamed,
  isElement,
  optionalAttribute,
  optionalChild,
  readSimpleText,
} from '../xml/dom';
import { verifyEnvelopedSignature } from '../xml-signature/verify-enveloped-signature';
import type { AlgorithmPolicy } from '../xml-signature/algorithms';
import { isSamlId, parseSamlInstant } from '../saml-id';
import { decryptNameId, readNameId, type NameIdParts } from './read-name-id';
import type { VerifiedLogoutRequest } from './logout-request';

/** What the verifier trusts about one IdP. */
export interface IdpTrust {
  readonly entityID: string;
  /** Public keys of the IdP's signing certificates (several during a rollover). */
  readonly signingKeys: readonly KeyObject[];
}

/** Everything `verifyLogoutRequest` needs to judge a message. */
export interface LogoutRequestContext {
  readonly idps: ReadonlyMap<string, IdpTrust>;
  /** This endpoint's absolute URL; Destination must equal it. */
  readonly expectedDestination: string;
  /** Refuse a request that names no Destination (default true). */
  readonly requireDestination: boolean;
  readonly clockSkewMs: number;
  /** How old an IssueInstant may be (before skew). */
  readonly maxMessageAgeMs: number;
  readonly algorithmPolicy: AlgorithmPolicy;
  readonly decryptionKeyPem?: string;
  readonly replayCache: ReplayCache;
  readonly now: () => number;
}

const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';
const MAX_SESSION_INDEXES = 100;

/**
 * Applies every inbound check of design §6 to a samlp:LogoutRequest element, in an
 * order where nothing is remembered (replay cache) before the signature holds.
 *
 * @throws {SloError} carrying `inResponseTo` whenever the request's ID could be read.
 * @example
 * ```ts
 * const request = await verifyLogoutRequest(soap.message, context);
 * const sessions = await index.find(request);
 * ```
 */
export async function verifyLogoutRequest(
  element: Element,
  context: LogoutRequestContext,
): Promise<VerifiedLogoutRequest> {
  if (!isElement(element, NS.samlp, 'LogoutRequest')) {
    throw new SloError(
      SloErrorCode.MessageUnexpected,
      `expected a LogoutRequest, got ${(element as Element).localName}`,
    );
  }
  const rawId = element.getAttribute('ID');
  const id = isSamlId(rawId) ? rawId : undefined;
  try {
    return await verifyWithId(element, id, context);
  } catch (err) {
    if (err instanceof SloError) throw err.withInResponseTo(id);
    throw err;
  }
}

async function verifyWithId(
  element: Element,
  id: string | undefined,
  context: LogoutRequestContext,
): Promise<VerifiedLogoutRequest> {
  if (id === undefined) throw invalid('ID is missing or not an xsd:ID');
  if (element.getAttribute('Version') !== '2.0') {
    throw new SloError(
      SloErrorCode.VersionMismatch,
      `unsupported SAML Version "${element.getAttribute('Version')}"`,
    );
  }
  const issuer = readIssuer(element);
  const idp = context.idps.get(issuer);
  if (!idp) throw new SloError(SloErrorCode.IssuerUnknown, 'the Issuer is not a configured IdP');

  verifyEnvelopedSignature(element, idp.signingKeys, context.algorithmPolicy);

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
  const notOnOrAfterText = optionalAttribute(element, 'NotOnOrAfter');
  const notOnOrAfter = parseSamlInstant(notOnOrAfterText);
  if (notOnOrAfterText !== undefined && !notOnOrAfter)
    throw invalid('NotOnOrAfter is not an xsd:dateTime');
  if (notOnOrAfter && notOnOrAfter.getTime() <= now - context.clockSkewMs) {
    throw new SloError(SloErrorCode.MessageExpired, 'the request has expired (NotOnOrAfter)');
  }

  const nameId = await readSubject(element, context.decryptionKeyPem);
  const sessionIndexes = childrenNamed(element, NS.samlp, 'SessionIndex').map((e) =>
    readSimpleText(e).trim(),
  );
  if (
    sessionIndexes.length > MAX_SESSION_INDEXES ||
    sessionIndexes.some((s) => s.length === 0 || s.length > 256)
  ) {
    throw invalid('SessionIndex values must be 1 to 256 characters, at most 100 of them');
  }

  // Remember the ID only now that the message is authentic: forged messages must not
  // fill the cache. Keep it until it could no longer pass the IssueInstant window.
  const keepUntil = issueInstant.getTime() + context.maxMessageAgeMs + 2 * context.clockSkewMs;
  if (!(await context.replayCache.remember(issuer, id, keepUntil))) {
    throw new SloError(SloErrorCode.MessageReplayed, 'this LogoutRequest ID was already processed');
  }
  const reason = optionalAttribute(element, 'Reason');
  return {
    id,
    issuer,
    issueInstant,
    ...(destination === undefined ? {} : { destination }),
    ...(notOnOrAfter === undefined ? {} : { notOnOrAfter }),
    ...(reason === undefined ? {} : { reason }),
    ...nameId.parts,
    sessionIndexes: [...new Set(sessionIndexes)],
    nameIDWasEncrypted: nameId.encrypted,
  };
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

async function readSubject(
  element: Element,
  decryptionKeyPem: string | undefined,
): Promise<{ parts: NameIdParts; encrypted: boolean }> {
  const plain = optionalChild(element, NS.saml, 'NameID');
  const encrypted = optionalChild(element, NS.saml, 'EncryptedID');
  if (optionalChild(element, NS.saml, 'BaseID')) throw invalid('BaseID is not supported');
  if (plain && encrypted) throw invalid('both NameID and EncryptedID');
  if (plain) return { parts: readNameId(plain), encrypted: false };
  if (encrypted)
    return { parts: await decryptNameId(encrypted, decryptionKeyPem), encrypted: true };
  throw invalid('NameID is missing');
}

function invalid(message: string): SloError {
  return new SloError(SloErrorCode.MessageInvalid, message);
}
