import { XMLSerializer } from '@xmldom/xmldom';
import { decrypt } from 'xml-encryption';
import { SloError, SloErrorCode } from '../../errors';
import { NS } from '../xml/namespaces';
import { childElements, isElement, optionalAttribute, readSimpleText } from '../xml/dom';
import { parseUntrustedXml } from '../xml/parse-xml';
import { MAX_NAME_ID_CHARS, usableIdentifier } from './identifier-limits';

/** A NameID as read from a message. */
export interface NameIdParts {
  readonly nameID: string;
  readonly nameIDFormat?: string;
  readonly nameQualifier?: string;
  readonly spNameQualifier?: string;
}

/**
 * Reads a saml:NameID element. Value must be non-empty text only (trimmed, at most
 * {@link MAX_NAME_ID_CHARS} characters, no lone surrogate); an empty Format or qualifier
 * attribute counts as absent.
 *
 * @throws {SloError} `SLO_MESSAGE_INVALID`.
 * @example
 * ```ts
 * readNameId(nameIdElement).nameID; // 'alice@example.com'
 * ```
 */
export function readNameId(element: Element): NameIdParts {
  const nameID = readSimpleText(element).trim();
  if (!usableIdentifier(nameID, MAX_NAME_ID_CHARS)) {
    throw new SloError(
      SloErrorCode.MessageInvalid,
      `NameID must be 1 to ${MAX_NAME_ID_CHARS} characters of well-formed text`,
    );
  }
  // An empty attribute counts as absent, as at login (loginRecordFromProfile), so every
  // session index matches a query the same way.
  const format = optionalAttribute(element, 'Format') || undefined;
  const nameQualifier = optionalAttribute(element, 'NameQualifier') || undefined;
  const spNameQualifier = optionalAttribute(element, 'SPNameQualifier') || undefined;
  return {
    nameID,
    ...(format === undefined ? {} : { nameIDFormat: format }),
    ...(nameQualifier === undefined ? {} : { nameQualifier }),
    ...(spNameQualifier === undefined ? {} : { spNameQualifier }),
  };
}

/**
 * Decrypts a saml:EncryptedID with the SP's private key (xml-encryption; RSA-1.5 and 3DES
 * refused) and reads the NameID inside.
 *
 * @throws {SloError} `SLO_DECRYPTION_FAILED` or `SLO_MESSAGE_INVALID`.
 * @example
 * ```ts
 * const nameId = await decryptNameId(encryptedIdElement, spDecryptionKeyPem);
 * ```
 */
export async function decryptNameId(
  element: Element,
  decryptionKeyPem: string | undefined,
): Promise<NameIdParts> {
  if (!decryptionKeyPem) {
    throw new SloError(
      SloErrorCode.DecryptionFailed,
      'EncryptedID received but no sp.decryptionKey is configured',
    );
  }
  const source = new XMLSerializer().serializeToString(element);
  const plaintext = await new Promise<string>((resolve, reject) => {
    decrypt(
      source,
      { key: decryptionKeyPem, disallowDecryptionWithInsecureAlgorithm: true },
      (err, result) =>
        err || typeof result !== 'string'
          ? reject(err ?? new Error('empty plaintext'))
          : resolve(result),
    );
  }).catch((cause: unknown) => {
    throw new SloError(SloErrorCode.DecryptionFailed, 'EncryptedID could not be decrypted', {
      cause,
    });
  });
  // The plaintext is a fragment; give it the saml prefix in case it relies on an outer declaration.
  const wrapper = parseUntrustedXml(
    `<w xmlns:saml="${NS.saml}" xmlns:saml2="${NS.saml}">${plaintext}</w>`,
  );
  const [nameId, ...rest] = childElements(wrapper.documentElement);
  if (!isElement(nameId, NS.saml, 'NameID') || rest.length > 0) {
    throw new SloError(SloErrorCode.MessageInvalid, 'EncryptedID does not hold one NameID');
  }
  return readNameId(nameId);
}
