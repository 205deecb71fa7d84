import fc from 'fast-check';
import { parseUntrustedXml } from '../../lib/protocol/xml/parse-xml';
import { fuzzParameters } from './support/fuzz-settings';
import { outcomeOf } from './support/outcome';
import { documentOf, xmlShape } from './support/pathological-shapes';

// Deep nesting, many siblings, many attributes and namespace scopes, each repeated up to
// the largest document the default limits let through: every one must be answered (parsed
// or refused with a SloError) within the time budget, however it is built.
test('a document as large as the limit allows is parsed or refused within the time budget', async () => {
  await fc.assert(
    fc.asyncProperty(xmlShape, async (shape) => {
      await outcomeOf(() => parseUntrustedXml(documentOf(shape)));
    }),
    // Each run parses 256 KiB: few runs, and no shrinking (a shrink step costs a full parse).
    fuzzParameters(24, { endOnFailure: true }),
  );
});
