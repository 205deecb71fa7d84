import fc from 'fast-check';
import { parseUntrustedXml } from '../../lib/protocol/xml/parse-xml';
import type { TestIdp } from '../../lib/testing';
import { brokenParsePromise } from './support/document-shape';
import { fuzzParameters } from './support/fuzz-settings';
import { textMutation, type Mutation } from './support/mutations';
import { CodeTally, outcomeOf } from './support/outcome';
import { fixtureIdp, signedLogoutRequest } from './support/signed-messages';

/** parseUntrustedXml returns a document that keeps its promises, or throws a SloError, fast. */
async function parsedOrRefused(text: string, tally?: CodeTally): Promise<void> {
  const outcome = await outcomeOf(() => parseUntrustedXml(text));
  tally?.add(outcome);
  if (outcome.accepted) expect(brokenParsePromise(outcome.value)).toBeUndefined();
}

const XMLISH_UNIT = fc.constantFrom(...'<>/="\'&;!?-[]', ...'abxyzAB:_ #x0;');

/** Up to `count` mutations applied one after the other. */
function stackedMutations(source: string, count: number): fc.Arbitrary<Mutation> {
  let arbitrary = textMutation(source);
  for (let i = 1; i < count; i += 1) {
    arbitrary = arbitrary.chain((m) =>
      textMutation(m.text).map((next) => ({
        description: `${m.description}; ${next.description}`,
        text: next.text,
      })),
    );
  }
  return arbitrary;
}

let idp: TestIdp;
let envelope: string;

beforeAll(async () => {
  idp = await fixtureIdp();
  envelope = signedLogoutRequest(idp).envelope;
});

describe('parseUntrustedXml returns a document or throws a SloError, within the time budget', () => {
  test('for arbitrary strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 400 }), (text) =>
        parsedOrRefused(text),
      ),
      fuzzParameters(600),
    );
  });

  test('for XML-ish strings (markup characters and a few letters)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: XMLISH_UNIT, maxLength: 300 }), (text) =>
        parsedOrRefused(text),
      ),
      fuzzParameters(1500),
    );
  });

  // Inside a root element most inputs get past the first checks into xmldom and our walk.
  test('for XML-ish strings inside a root element', async () => {
    const tally = new CodeTally();
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: XMLISH_UNIT, maxLength: 300 }), (text) =>
        parsedOrRefused(`<r xmlns:p="urn:p">${text}</r>`, tally),
      ),
      fuzzParameters(1500),
    );
    expect(tally.accepted).toBeGreaterThan(0);
  });

  test('for a real signed SOAP envelope with characters inserted, deleted or replaced', async () => {
    const tally = new CodeTally();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }).chain((n) => stackedMutations(envelope, n)),
        (mutation) => parsedOrRefused(mutation.text, tally),
      ),
      fuzzParameters(800),
    );
    // Both sides were reached: some mutations still parse, others are refused.
    expect(tally.accepted).toBeGreaterThan(0);
    expect(tally.count('SLO_XML_MALFORMED')).toBeGreaterThan(0);
  });
});
