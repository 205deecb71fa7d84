import fc from 'fast-check';
import { decodePostForm } from '../../lib/bindings/post';
import { formBody, postBindingFields } from '../../lib/testing';
import { fuzzParameters } from './support/fuzz-settings';
import { outcomeOf } from './support/outcome';

const NAMES = ['SAMLRequest', 'SAMLResponse', 'RelayState', 'Signature', 'x', ''];

/** Form bodies of the binding's field names with base64-ish or arbitrary values, any order. */
const structuredBody = fc
  .array(
    fc.tuple(
      fc.constantFrom(...NAMES),
      fc.oneof(
        fc.base64String({ maxLength: 80 }),
        fc.string({ unit: fc.constantFrom(...'AZaz09+/= \n\r%&'), maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&'));

async function decodedOrRefused(body: string): Promise<void> {
  const outcome = await outcomeOf(() => decodePostForm(body));
  if (outcome.accepted) {
    expect(['SAMLRequest', 'SAMLResponse']).toContain(outcome.value.kind);
    expect(typeof outcome.value.xml).toBe('string');
  }
}

describe('decodePostForm decodes or throws a SloError, within the time budget', () => {
  test('for arbitrary form bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), decodedOrRefused),
      fuzzParameters(800),
    );
  });

  test('for bodies of the binding field names with arbitrary values', async () => {
    await fc.assert(fc.asyncProperty(structuredBody, decodedOrRefused), fuzzParameters(800));
  });
});

test('decodePostForm gives back exactly the message and RelayState a form carried', async () => {
  // Well-formed UTF-16 only: a lone surrogate cannot survive UTF-8 in any binding.
  const text = fc.string({ unit: 'grapheme', maxLength: 200 });
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('SAMLRequest' as const, 'SAMLResponse' as const),
      text.filter((xml) => xml.length > 0),
      fc.option(text, { nil: undefined }),
      async (kind, xml, relayState) => {
        const outcome = await outcomeOf(() =>
          decodePostForm(formBody(postBindingFields(kind, xml, relayState))),
        );
        expect(outcome).toEqual({
          accepted: true,
          value: { kind, xml, ...(relayState === undefined ? {} : { relayState }) },
        });
      },
    ),
    fuzzParameters(500),
  );
});
