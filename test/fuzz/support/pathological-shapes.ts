import fc from 'fast-check';
import { DEFAULT_XML_LIMITS } from '../../../lib/protocol/xml/parse-xml';

/** A repeated XML structure: the shape is small (and shown on failure), the text is not. */
export interface XmlShape {
  readonly wrapper: 'root' | 'soap';
  readonly layout: 'nested' | 'siblings' | 'nested-unclosed';
  readonly name: string;
  readonly declarations: readonly string[];
  readonly attributes: readonly string[];
  readonly content: string;
}

const DECLARATIONS = [' xmlns="u"', ' xmlns:p="p"', ' xmlns:q="q"'];

/** Often nothing: the shorter the repeated unit, the more of it fits under the size limit. */
function often<T>(empty: T, other: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof({ weight: 1, arbitrary: fc.constant(empty) }, { weight: 1, arbitrary: other });
}

export const xmlShape: fc.Arbitrary<XmlShape> = fc.record({
  wrapper: fc.constantFrom('root' as const, 'soap' as const),
  layout: fc.constantFrom('nested' as const, 'siblings' as const, 'nested-unclosed' as const),
  name: fc.constantFrom('a', 'p:a', 's:x'),
  declarations: often<string[]>([], fc.subarray(DECLARATIONS, { minLength: 1, maxLength: 2 })),
  attributes: often<string[]>(
    [],
    fc.subarray([' b="1"', ' p:c="2"', " d='&amp;'", ' ID="_x"'], { minLength: 1 }),
  ),
  content: often('', fc.constantFrom('x', '<!---->', '<![CDATA[x]]>', '&#x41;', ' ')),
});

const WRAPPERS = {
  root: ['<r xmlns:p="urn:p" xmlns:s="urn:s">', '</r>'],
  soap: [
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:p="urn:p"' +
      ' xmlns:s="urn:s"><soap:Body>',
    '</soap:Body></soap:Envelope>',
  ],
} as const;

/** The shape repeated until the document is as large as the default limit allows. */
export function documentOf(shape: XmlShape, maxChars = DEFAULT_XML_LIMITS.maxChars): string {
  const [before, after] = WRAPPERS[shape.wrapper];
  const head = `<${shape.name}${shape.declarations.join('')}${shape.attributes.join('')}`;
  const room = maxChars - before.length - after.length;
  if (shape.layout === 'siblings') {
    const unit = `${head}>${shape.content}</${shape.name}>`;
    return before + unit.repeat(Math.floor(room / unit.length)) + after;
  }
  const open = `${head}>${shape.content}`;
  const close = shape.layout === 'nested' ? `</${shape.name}>` : '';
  const count = Math.floor(room / (open.length + close.length));
  return before + open.repeat(count) + close.repeat(count) + after;
}
