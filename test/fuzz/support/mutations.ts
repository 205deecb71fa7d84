import fc from 'fast-check';

/** A changed copy of a text, with a short note of what changed (shown on failure). */
export interface Mutation {
  readonly description: string;
  readonly text: string;
}

/** Single characters that matter to XML, URLs and base64, tried more often than chance would. */
const SIGNIFICANT_CHARS = [
  ...'<>/="\'&;!?-[]#%+ \t\r\n:_.0aAzZ',
  '\u0000',
  '\u00a0',
  '\ufeff',
  '\ud800',
];

/** Tokens a mutation may insert: markup that parsers, canonicalizers and readers disagree on. */
const XML_TOKENS = [
  '<!---->',
  '<!--x-->',
  '<![CDATA[]]>',
  '<![CDATA[x]]>',
  ']]>',
  '<?pi x?>',
  '<!DOCTYPE x>',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x41;',
  '&#xD800;',
  '&#65;',
  '&lol;',
  '<x/>',
  '</x>',
  ' ID="_x"',
  ' xmlns="urn:x"',
  ' xmlns:ds="urn:x"',
  ' xmlns:p=""',
  '%00',
  '%26',
  '%3D',
];

const oneChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SIGNIFICANT_CHARS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);

/**
 * One character of `source` replaced by a different one, at an index in `[from, to)`.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(characterReplacement('abc'), (m) => m.text !== 'abc'));
 * ```
 */
export function characterReplacement(
  source: string,
  from = 0,
  to = source.length,
): fc.Arbitrary<Mutation> {
  return fc
    .tuple(fc.integer({ min: from, max: to - 1 }), oneChar)
    .filter(([at, char]) => source[at] !== char)
    .map(([at, char]) => ({
      description: `replace ${JSON.stringify(source[at])} at ${at} by ${JSON.stringify(char)}`,
      text: source.slice(0, at) + char + source.slice(at + 1),
    }));
}

/** Characters or XML tokens inserted, or a run of up to 8 characters deleted, anywhere. */
export function insertionOrDeletion(source: string): fc.Arbitrary<Mutation> {
  const insertion = fc
    .tuple(
      fc.integer({ min: 0, max: source.length }),
      fc.oneof(
        oneChar,
        fc.constantFrom(...XML_TOKENS),
        fc.string({ unit: 'binary', maxLength: 4 }),
      ),
    )
    .filter(([, inserted]) => inserted.length > 0)
    .map(([at, inserted]) => ({
      description: `insert ${JSON.stringify(inserted)} at ${at}`,
      text: source.slice(0, at) + inserted + source.slice(at),
    }));
  const deletion = fc
    .tuple(fc.integer({ min: 0, max: source.length - 1 }), fc.integer({ min: 1, max: 8 }))
    .map(([at, length]) => ({
      description: `delete ${JSON.stringify(source.slice(at, at + length))} at ${at}`,
      text: source.slice(0, at) + source.slice(at + length),
    }));
  return fc.oneof(insertion, deletion);
}

/** Any of the character-level mutations, anywhere in `source`. */
export function textMutation(source: string): fc.Arbitrary<Mutation> {
  return fc.oneof(characterReplacement(source), insertionOrDeletion(source));
}

interface Span {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** Attribute spans (leading whitespace included) of machine-written XML. */
function attributeSpans(xml: string): Span[] {
  return [...xml.matchAll(/\s([A-Za-z_][\w.:-]*)\s*=\s*(?:"[^"]*"|'[^']*')/g)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    name: m[1]!,
  }));
}

/** Element spans (start tag to end tag) of machine-written XML: no comments, CDATA or PIs. */
function elementSpans(xml: string): Span[] {
  const spans: Span[] = [];
  const open: Array<{ start: number; name: string }> = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g)) {
    const [tag, closing, name, selfClosing] = m;
    if (selfClosing) spans.push({ start: m.index, end: m.index + tag.length, name: name! });
    else if (!closing) open.push({ start: m.index, name: name! });
    else {
      const started = open.pop()!;
      spans.push({ start: started.start, end: m.index + tag.length, name: started.name });
    }
  }
  return spans;
}

/** One attribute removed (its name, value and the whitespace before it). */
export function attributeDeletion(xml: string): fc.Arbitrary<Mutation> {
  return fc.constantFrom(...attributeSpans(xml)).map((span) => ({
    description: `delete attribute ${span.name} at ${span.start}`,
    text: xml.slice(0, span.start) + xml.slice(span.end),
  }));
}

/** One element (with its content) written twice in a row. */
export function elementDuplication(xml: string): fc.Arbitrary<Mutation> {
  return fc.constantFrom(...elementSpans(xml)).map((span) => ({
    description: `duplicate element ${span.name} at ${span.start}`,
    text: xml.slice(0, span.end) + xml.slice(span.start, span.end) + xml.slice(span.end),
  }));
}

/** What an attacker with one edit can do to a signed message: the brief's mutation mix. */
export function messageMutation(xml: string): fc.Arbitrary<Mutation> {
  return fc.oneof(
    { weight: 4, arbitrary: characterReplacement(xml) },
    { weight: 2, arbitrary: insertionOrDeletion(xml) },
    { weight: 1, arbitrary: attributeDeletion(xml) },
    { weight: 1, arbitrary: elementDuplication(xml) },
  );
}
