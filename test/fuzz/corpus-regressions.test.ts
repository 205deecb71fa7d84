import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeRedirectQuery, verifyRedirectSignature } from '../../lib/bindings/redirect';
import { unwrapSoapEnvelope } from '../../lib/bindings/soap';
import { SloErrorCode, type SloErrorCodeValue } from '../../lib/errors';
import { verifyLogoutRequest } from '../../lib/protocol/logout-request/verify-logout-request';
import { verifyLogoutResponse } from '../../lib/protocol/logout-response/verify-logout-response';
import {
  envelopedSignature,
  type SignatureCheck,
} from '../../lib/protocol/message/verify-message-header';
import { NS } from '../../lib/protocol/xml/namespaces';
import { isElement } from '../../lib/protocol/xml/dom';
import { DEFAULT_XML_LIMITS, parseUntrustedXml } from '../../lib/protocol/xml/parse-xml';
import { outcomeOf } from './support/outcome';
import { freshContext, isOurRequest } from './support/signed-messages';

// Every input that ever broke a fuzz property, plus handcrafted attacks, replayed on each
// run (see test/fixtures/fuzz/README.md). `*.query.txt` is an HTTP-Redirect query string,
// any other `*.txt` an XML document as received: a SOAP envelope, or a bare SAML message
// (as the POST binding carries it).
const CORPUS = join(__dirname, '..', 'fixtures', 'fuzz');
const files = readdirSync(CORPUS)
  .filter((name) => name.endsWith('.txt'))
  .sort();

/** What each known entry must be refused with; a new entry need only get a SloError. */
const EXPECTED_CODE: Readonly<Record<string, SloErrorCodeValue>> = {
  'billion-laughs.txt': SloErrorCode.XmlForbiddenConstruct,
  'external-entity.txt': SloErrorCode.XmlForbiddenConstruct,
  'processing-instruction.txt': SloErrorCode.XmlForbiddenConstruct,
  'deep-nesting.txt': SloErrorCode.XmlMalformed,
  'nul-character-reference.txt': SloErrorCode.XmlMalformed,
  'comment-in-name-id.txt': SloErrorCode.MessageInvalid,
  'signature-wrapping-header.txt': SloErrorCode.SignatureWrapping,
  'nested-namespace-scopes.txt': SloErrorCode.XmlMalformed,
  'nested-namespace-scopes-in-soap-body.txt': SloErrorCode.XmlMalformed,
  'nested-namespace-scopes-deflated.query.txt': SloErrorCode.XmlMalformed,
  // Found by the "still well-formed XML" properties: accepted today (see the README).
  'stray-end-tag-before-logout-request.txt': SloErrorCode.XmlMalformed,
  'stray-end-tag-before-logout-response.txt': SloErrorCode.XmlMalformed,
  'broken-key-info-start-tag.txt': SloErrorCode.XmlMalformed,
  'bare-ampersands-in-key-info.txt': SloErrorCode.XmlMalformed,
};

/** The receiving path end to end, short of sessions: decode, parse, unwrap, verify. */
async function receive(name: string, text: string): Promise<unknown> {
  let element: Element;
  let check: SignatureCheck = envelopedSignature;
  if (name.endsWith('.query.txt')) {
    const message = decodeRedirectQuery(text.trim(), DEFAULT_XML_LIMITS.maxChars);
    element = parseUntrustedXml(message.xml).documentElement;
    check = (_element, idp, policy) => verifyRedirectSignature(message, idp.signingKeys, policy);
  } else {
    const root = parseUntrustedXml(text).documentElement;
    const soap = isElement(root, NS.soap11, 'Envelope') || isElement(root, NS.soap12, 'Envelope');
    element = soap ? unwrapSoapEnvelope(root.ownerDocument).message : root;
  }
  return isElement(element, NS.samlp, 'LogoutResponse')
    ? verifyLogoutResponse(element, freshContext(), isOurRequest, check)
    : verifyLogoutRequest(element, freshContext(), check);
}

test('every entry named here is in the corpus', () => {
  expect(files).toEqual(expect.arrayContaining(Object.keys(EXPECTED_CODE)));
});

test.each(files)('%s is refused with a SloError, within the time budget', async (name) => {
  const outcome = await outcomeOf(() => receive(name, readFileSync(join(CORPUS, name), 'utf8')));
  expect(outcome.accepted).toBe(false);
  if (!outcome.accepted && EXPECTED_CODE[name])
    expect(outcome.error.code).toBe(EXPECTED_CODE[name]);
});

test('comment-in-name-id.txt is refused for the comment alone: without it, it verifies', async () => {
  const text = readFileSync(join(CORPUS, 'comment-in-name-id.txt'), 'utf8');
  await expect(
    receive('comment-in-name-id.txt', text.replace('<!---->', '')),
  ).resolves.toMatchObject({ nameID: 'alice@example.com.evil.com' });
});
