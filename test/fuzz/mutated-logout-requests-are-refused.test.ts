import fc from 'fast-check';
import type { VerifiedLogoutRequest } from '../../lib/protocol/logout-request/logout-request';
import { verifyLogoutRequest } from '../../lib/protocol/logout-request/verify-logout-request';
import { parseUntrustedXml } from '../../lib/protocol/xml/parse-xml';
import { fuzzParameters } from './support/fuzz-settings';
import { messageMutation } from './support/mutations';
import { acceptedOnlyIfWellFormed, refusedOrReadAsOriginal } from './support/oracles';
import { CodeTally } from './support/outcome';
import {
  fixtureIdp,
  freshContext,
  signedLogoutRequest,
  withoutKeyInfo,
} from './support/signed-messages';

/** A LogoutRequest document as received (bare, as over POST), verified in a world that has never seen it. */
function receive(xml: string): Promise<VerifiedLogoutRequest> {
  return verifyLogoutRequest(parseUntrustedXml(xml).documentElement, freshContext());
}

let signed: string;
let original: VerifiedLogoutRequest;

beforeAll(async () => {
  signed = withoutKeyInfo(signedLogoutRequest(await fixtureIdp()).xml);
  original = await receive(signed);
});

test('the genuine signed LogoutRequest verifies (the properties below start from it)', () => {
  expect(original).toMatchObject({ nameID: 'alice@example.com', sessionIndexes: ['_s1', '_s2'] });
});

describe('one edit to a signed LogoutRequest (a character, an attribute deleted, an element duplicated)', () => {
  // Exclusive c14n keeps every character of text and attribute values, so an edit to what
  // is signed breaks the digest. What may still verify is an edit outside the signed
  // bytes (whitespace inside a base64 value) or one c14n normalizes away (whitespace
  // between attributes), and then the message must say exactly what it said.
  test('is refused with a SloError, or reads exactly as the original', async () => {
    const tally = new CodeTally();
    await fc.assert(
      fc.asyncProperty(messageMutation(signed), (mutation) =>
        refusedOrReadAsOriginal(receive, original, mutation, tally),
      ),
      fuzzParameters(1500),
    );
    // The edits reached the digest and signature checks, not only the parser.
    expect(tally.count('SLO_SIGNATURE_INVALID')).toBeGreaterThan(0);
  });

  test('is refused with a SloError unless the edited message is still well-formed XML', async () => {
    await fc.assert(
      fc.asyncProperty(messageMutation(signed), (mutation) =>
        acceptedOnlyIfWellFormed(receive, mutation),
      ),
      fuzzParameters(1500),
    );
  });
});
