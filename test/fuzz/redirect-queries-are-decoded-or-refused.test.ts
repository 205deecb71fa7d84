import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import {
  decodeRedirectQuery,
  verifyRedirectSignature,
  type RedirectMessage,
} from '../../lib/bindings/redirect';
import { DEFAULT_XML_LIMITS } from '../../lib/protocol/xml/parse-xml';
import { XmlDsigAlgorithm } from '../../lib/protocol/xml-signature/algorithms';
import { fuzzParameters } from './support/fuzz-settings';
import { characterReplacement, insertionOrDeletion, type Mutation } from './support/mutations';
import { CodeTally, outcomeOf } from './support/outcome';
import {
  fixtureIdp,
  freshContext,
  IDP_ENTITY_ID,
  signedRedirectQuery,
} from './support/signed-messages';

const MAX_XML_BYTES = DEFAULT_XML_LIMITS.maxChars;
const idpKeys = () => freshContext().idps.get(IDP_ENTITY_ID)!.signingKeys;
const POLICY = { allowSha1: false };

/** Decodes, then verifies with the IdP key: only SloErrors, in time; returns the message if it verified. */
async function receive(query: string, tally?: CodeTally): Promise<RedirectMessage | undefined> {
  const outcome = await outcomeOf(() => {
    const message = decodeRedirectQuery(query, MAX_XML_BYTES);
    verifyRedirectSignature(message, idpKeys(), POLICY);
    return message;
  });
  tally?.add(outcome);
  return outcome.accepted ? outcome.value : undefined;
}

/** Where each parameter's value sits in a raw query. */
function valueSpans(query: string): Map<string, { start: number; end: number }> {
  const spans = new Map<string, { start: number; end: number }>();
  let offset = 0;
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    spans.set(pair.slice(0, eq), { start: offset + eq + 1, end: offset + pair.length });
    offset += pair.length + 1;
  }
  return spans;
}

const component = (value: string) => encodeURIComponent(value);
const deflated = (xml: string) => deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');

const anyValue = fc.oneof(
  fc.base64String({ maxLength: 64 }).map(component),
  fc.string({ unit: fc.constantFrom(...'%+=&AZaz09/_-.'), maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** Queries built from the binding's own parameters, in any order, plausible or not. */
const structuredQuery = fc
  .record({
    kind: fc.constantFrom('SAMLRequest', 'SAMLResponse'),
    message: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 60 }).map((xml) => component(deflated(xml))),
      anyValue,
    ),
    relayState: fc.option(anyValue, { nil: undefined }),
    sigAlg: fc.option(
      fc.oneof(fc.constantFrom(...Object.values(XmlDsigAlgorithm)).map(component), anyValue),
      { nil: undefined, freq: 4 },
    ),
    signature: fc.option(
      fc
        .oneof(fc.uint8Array({ minLength: 256, maxLength: 256 }), fc.uint8Array({ maxLength: 300 }))
        .map((bytes) => component(Buffer.from(bytes).toString('base64'))),
      { nil: undefined, freq: 4 },
    ),
    extra: fc.array(fc.tuple(fc.constantFrom('RelayState', 'Signature', 'x', ''), anyValue), {
      maxLength: 2,
    }),
  })
  .chain(({ kind, message, relayState, sigAlg, signature, extra }) => {
    const pairs = [
      `${kind}=${message}`,
      ...(relayState === undefined ? [] : [`RelayState=${relayState}`]),
      ...(sigAlg === undefined ? [] : [`SigAlg=${sigAlg}`]),
      ...(signature === undefined ? [] : [`Signature=${signature}`]),
      ...extra.map(([name, value]) => `${name}=${value}`),
    ];
    return fc.shuffledSubarray(pairs, { minLength: pairs.length }).map((p) => p.join('&'));
  });

let genuine: string;
let original: RedirectMessage;

beforeAll(async () => {
  genuine = signedRedirectQuery(await fixtureIdp());
  original = decodeRedirectQuery(genuine, MAX_XML_BYTES);
});

test('the genuine signed query verifies (the properties below start from it)', async () => {
  expect(await receive(genuine)).toBeDefined();
});

describe('decodeRedirectQuery decodes or throws a SloError, and nothing forged verifies', () => {
  test('for arbitrary query strings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (query) => {
        expect(await receive(query)).toBeUndefined();
      }),
      fuzzParameters(600),
    );
  });

  test('for queries of the binding parameters with arbitrary values', async () => {
    const tally = new CodeTally();
    await fc.assert(
      fc.asyncProperty(structuredQuery, async (query) => {
        expect(await receive(query, tally)).toBeUndefined();
      }),
      fuzzParameters(800),
    );
    // The values reached the signature check, not only the decoder.
    expect(tally.count('SLO_SIGNATURE_INVALID')).toBeGreaterThan(0);
  });
});

describe('verifyRedirectSignature never accepts a mutated signed query', () => {
  test('one character changed anywhere in the SAMLRequest, RelayState or SigAlg value', async () => {
    const spans = valueSpans(genuine);
    const inValue = fc.constantFrom('SAMLRequest', 'RelayState', 'SigAlg').chain((name) => {
      const { start, end } = spans.get(name)!;
      return characterReplacement(genuine, start, end);
    });
    const tally = new CodeTally();
    await fc.assert(
      fc.asyncProperty(inValue, async (mutation: Mutation) => {
        expect(await receive(mutation.text, tally)).toBeUndefined();
      }),
      fuzzParameters(600),
    );
    expect(tally.count('SLO_SIGNATURE_INVALID')).toBeGreaterThan(0);
  });

  test('characters inserted or deleted anywhere: accepted only if it decodes to the same message', async () => {
    await fc.assert(
      fc.asyncProperty(insertionOrDeletion(genuine), async (mutation: Mutation) => {
        const accepted = await receive(mutation.text);
        // e.g. an empty pair "&&" changes no signed octet: harmless, the same message.
        if (accepted) {
          expect({ xml: accepted.xml, relayState: accepted.relayState }).toEqual({
            xml: original.xml,
            relayState: original.relayState,
          });
          expect(accepted.signature?.signedOctets).toEqual(original.signature?.signedOctets);
        }
      }),
      fuzzParameters(600),
    );
  });
});
