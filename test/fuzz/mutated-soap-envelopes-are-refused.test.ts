import fc from 'fast-check';
import { unwrapSoapEnvelope } from '../../lib/bindings/soap';
import type { VerifiedLogoutRequest } from '../../lib/protocol/logout-request/logout-request';
import { verifyLogoutRequest } from '../../lib/protocol/logout-request/verify-logout-request';
import { parseUntrustedXml } from '../../lib/protocol/xml/parse-xml';
import { fuzzParameters } from './support/fuzz-settings';
import { messageMutation, textMutation, type Mutation } from './support/mutations';
import { acceptedOnlyIfWellFormed, refusedOrReadAsOriginal } from './support/oracles';
import { CodeTally } from './support/outcome';
import { fixtureIdp, freshContext, signedLogoutRequest } from './support/signed-messages';

/** The SOAP binding's path, short of sessions: parse, unwrap, verify. */
function receive(envelope: string): Promise<VerifiedLogoutRequest> {
  const { message } = unwrapSoapEnvelope(parseUntrustedXml(envelope));
  return verifyLogoutRequest(message, freshContext());
}

/** Two edits in a row, anywhere in the envelope. */
function twoEdits(source: string): fc.Arbitrary<Mutation> {
  return messageMutation(source).chain((first) =>
    textMutation(first.text).map((second) => ({
      description: `${first.description}; ${second.description}`,
      text: second.text,
    })),
  );
}

let envelope: string;
let original: VerifiedLogoutRequest;

beforeAll(async () => {
  envelope = signedLogoutRequest(await fixtureIdp()).envelope;
  original = await receive(envelope);
});

test('the genuine SOAP envelope verifies (the properties below start from it)', () => {
  expect(original).toMatchObject({ nameID: 'alice@example.com', sessionIndexes: ['_s1', '_s2'] });
});

// Edits inside ds:KeyInfo verify (it is neither signed nor trusted), as do whitespace
// edits inside base64 values; no edit may change what the message says.
describe('a mutated SOAP envelope is refused with a SloError, or reads exactly as the original', () => {
  test('after one edit anywhere in the envelope', async () => {
    const tally = new CodeTally();
    await fc.assert(
      fc.asyncProperty(messageMutation(envelope), (mutation) =>
        refusedOrReadAsOriginal(receive, original, mutation, tally),
      ),
      fuzzParameters(1000),
    );
    expect(tally.count('SLO_SIGNATURE_INVALID')).toBeGreaterThan(0);
    expect(tally.count('SLO_SOAP_MALFORMED')).toBeGreaterThan(0);
  });

  test('after two edits in a row', async () => {
    await fc.assert(
      fc.asyncProperty(twoEdits(envelope), (mutation) =>
        refusedOrReadAsOriginal(receive, original, mutation),
      ),
      fuzzParameters(600),
    );
  });
});

test('a SOAP envelope that verifies after one edit is still well-formed XML', async () => {
  await fc.assert(
    fc.asyncProperty(messageMutation(envelope), (mutation) =>
      acceptedOnlyIfWellFormed(receive, mutation),
    ),
    fuzzParameters(1000),
  );
});
