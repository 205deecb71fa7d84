import { SloError, SloErrorCode } from '../../errors';
import { NS } from '../xml/namespaces';
import {
  childrenNamed,
  isElement,
  optionalAttribute,
  optionalChild,
  readSimpleText,
} from '../xml/dom';
import { isSamlId, parseSamlInstant } from '../saml-id';
import {
  envelopedSignature,
  rememberMessage,
  verifyMessageHeader,
  type MessageContext,
  type SignatureCheck,
} from '../message/verify-message-header';
import { decryptNameId, readNameId, type NameIdParts } from './read-name-id';
import {
  MAX_SESSION_INDEX_CHARS,
  MAX_SESSION_INDEXES,
  usableIdentifier,
} from './identifier-limits';
import type { VerifiedLogoutRequest } from './logout-request';

export type { IdpTrust } from '../message/verify-message-header';

/** Everything `verifyLogoutRequest` needs to judge a message. */
export type LogoutRequestContext = MessageContext;

/** How `verifyLogoutRequest` treats the replay check. */
export interface LogoutRequestChecks {
  /**
   * `'replay-cache'` (default): the request's ID is remembered in `context.replayCache`, and
   * a replay is refused here. `'caller'`: not here; the caller must remember the ID before it
   * acts on the request (the session index's claim does, in the same round trip).
   */
  readonly replayCheck?: 'replay-cache' | 'caller';
}

/**
 * Applies every inbound check of design §6 to a samlp:LogoutRequest element, in an
 * order where nothing is remembered (replay cache) before the signature holds.
 * `checkSignature` is the binding's: the enveloped XML signature by default (SOAP, POST),
 * or the query signature for HTTP-Redirect.
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
  checkSignature: SignatureCheck = envelopedSignature,
  checks: LogoutRequestChecks = {},
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
    return await verifyChecked(element, context, checkSignature, checks);
  } catch (err) {
    if (err instanceof SloError) throw err.withInResponseTo(id);
    throw err;
  }
}

async function verifyChecked(
  element: Element,
  context: LogoutRequestContext,
  checkSignature: SignatureCheck,
  checks: LogoutRequestChecks,
): Promise<VerifiedLogoutRequest> {
  const header = verifyMessageHeader(element, context, checkSignature);
  const notOnOrAfterText = optionalAttribute(element, 'NotOnOrAfter');
  const notOnOrAfter = parseSamlInstant(notOnOrAfterText);
  if (notOnOrAfterText !== undefined && !notOnOrAfter)
    throw invalid('NotOnOrAfter is not an xsd:dateTime');
  if (notOnOrAfter && notOnOrAfter.getTime() <= context.now() - context.clockSkewMs) {
    throw new SloError(SloErrorCode.MessageExpired, 'the request has expired (NotOnOrAfter)');
  }

  const nameId = await readSubject(element, context.decryptionKeyPem);
  const sessionIndexes = childrenNamed(element, NS.samlp, 'SessionIndex').map((e) =>
    readSimpleText(e).trim(),
  );
  if (
    sessionIndexes.length > MAX_SESSION_INDEXES ||
    sessionIndexes.some((s) => !usableIdentifier(s, MAX_SESSION_INDEX_CHARS))
  ) {
    throw invalid(
      `SessionIndex values must be 1 to ${MAX_SESSION_INDEX_CHARS} characters of well-formed text, at most ${MAX_SESSION_INDEXES} of them`,
    );
  }

  // Remember the ID only now that the message is authentic: forged messages must not
  // fill the cache.
  if (checks.replayCheck !== 'caller') await rememberMessage(header, context);
  const reason = optionalAttribute(element, 'Reason');
  return {
    id: header.id,
    issuer: header.issuer,
    issueInstant: header.issueInstant,
    ...(header.destination === undefined ? {} : { destination: header.destination }),
    ...(notOnOrAfter === undefined ? {} : { notOnOrAfter }),
    ...(reason === undefined ? {} : { reason }),
    ...nameId.parts,
    sessionIndexes: [...new Set(sessionIndexes)],
    nameIDWasEncrypted: nameId.encrypted,
  };
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
