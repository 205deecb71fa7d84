import { SloError, SloErrorCode } from '../../errors';

/** Limits the pre-scan enforces before any DOM is built. */
export interface ScanLimits {
  readonly maxDepth: number;
  /** Most `xmlns` / `xmlns:p` declarations in one document. */
  readonly maxNamespaceDeclarations: number;
}

const REFERENCE = /^&(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});/;

/**
 * A linear well-formedness scan of untrusted XML, run before xmldom parses it: tags
 * balanced, one root element, only whitespace outside it, references well formed and to
 * characters XML allows, no `]]>` in text, no `--` inside comments, no undeclaring of a
 * prefix, nesting within `maxDepth`, and at most `maxNamespaceDeclarations` namespace
 * declarations.
 *
 * Hand-written because xmldom 0.8 (the version xml-crypto's DOM types are built on)
 * tolerates mismatched end tags and bare `&`, and its namespace scoping costs O(depth²) on
 * nested declarations — 256 KiB of them blocks the event loop for seconds (found by the
 * fuzz suite). xmldom 0.9 fixes the first two but changes the DOM types xml-crypto uses.
 * Scanning first keeps all of it linear and refuses before any tree is built.
 *
 * @throws {SloError} `SLO_XML_MALFORMED`.
 * @example
 * ```ts
 * checkWellFormed('<a><b/></a>', { maxDepth: 32, maxNamespaceDeclarations: 64 }); // ok
 * checkWellFormed('<a><b></a></b>', limits); // throws SLO_XML_MALFORMED
 * ```
 */
export function checkWellFormed(text: string, limits: ScanLimits): void {
  const stack: string[] = [];
  let roots = 0;
  let namespaces = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    checkText(text, i, end, stack.length === 0);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      const close = text.indexOf('-->', lt + 4);
      if (close < 0 || text.slice(lt + 4, close).includes('--')) fail('bad comment');
      i = close + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const close = text.indexOf(']]>', lt + 9);
      if (close < 0 || stack.length === 0) fail('bad CDATA section');
      i = close + 3;
    } else if (text.startsWith('<?', lt)) {
      const close = text.indexOf('?>', lt + 2);
      if (close < 0) fail('unterminated processing instruction');
      i = close + 2;
    } else if (text.startsWith('<!', lt)) {
      fail('markup declaration');
    } else if (text.startsWith('</', lt)) {
      const close = text.indexOf('>', lt);
      if (close < 0) fail('unterminated end tag');
      const name = text.slice(lt + 2, close).trimEnd();
      if (stack.pop() !== name) fail(`end tag </${name}> does not match`);
      i = close + 1;
    } else {
      const tag = scanStartTag(text, lt);
      namespaces += tag.namespaceDeclarations;
      if (namespaces > limits.maxNamespaceDeclarations) {
        fail(`more than ${limits.maxNamespaceDeclarations} namespace declarations`);
      }
      if (stack.length === 0 && (roots += 1) > 1) fail('more than one root element');
      if (!tag.selfClosing) {
        stack.push(tag.name);
        if (stack.length > limits.maxDepth) fail(`nested deeper than ${limits.maxDepth}`);
      }
      i = tag.end;
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]}> is not closed`);
  if (roots !== 1) fail('no root element');
}

function scanStartTag(
  text: string,
  lt: number,
): { name: string; selfClosing: boolean; end: number; namespaceDeclarations: number } {
  const name = nameAt(text, lt + 1);
  if (!name) fail('bad start tag');
  let i = lt + 1 + name.length;
  let namespaceDeclarations = 0;
  for (;;) {
    const start = i;
    i = skipSpace(text, i);
    if (text.startsWith('/>', i))
      return { name, selfClosing: true, end: i + 2, namespaceDeclarations };
    if (text[i] === '>') return { name, selfClosing: false, end: i + 1, namespaceDeclarations };
    if (i === start || i >= text.length) fail(`bad start tag <${name}>`);
    const attribute = nameAt(text, i);
    if (!attribute) fail(`bad attribute in <${name}>`);
    i = skipSpace(text, i + attribute.length);
    if (text[i] !== '=') fail(`attribute ${attribute} has no value`);
    i = skipSpace(text, i + 1);
    const quote = text[i];
    if (quote !== '"' && quote !== "'") fail(`attribute ${attribute} is not quoted`);
    const close = text.indexOf(quote, i + 1);
    if (close < 0) fail('unterminated attribute value');
    const value = text.slice(i + 1, close);
    if (value.includes('<')) fail('"<" in an attribute value');
    checkReferences(value);
    if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) {
      namespaceDeclarations += 1;
      if (attribute !== 'xmlns' && value === '') fail(`${attribute}="" undeclares a prefix`);
    }
    i = close + 1;
  }
}

/**
 * The name (`[A-Za-z_:][A-Za-z0-9_.:-]*`, at most 256 characters) that starts at `at`, or
 * undefined. A loop over char codes: this runs for every tag and attribute of every message.
 */
function nameAt(text: string, at: number): string | undefined {
  if (!isNameStart(text.charCodeAt(at))) return undefined;
  const max = Math.min(text.length, at + 256);
  let end = at + 1;
  while (end < max && isNameChar(text.charCodeAt(end))) end += 1;
  return text.slice(at, end);
}

function isNameStart(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    code === 0x5f || // _
    code === 0x3a // :
  );
}

function isNameChar(code: number): boolean {
  return (
    isNameStart(code) ||
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2e || // .
    code === 0x2d // -
  );
}

/** The index of the first character at or after `i` that is not XML white space (S). */
function skipSpace(text: string, i: number): number {
  for (;;) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) return i;
    i += 1;
  }
}

function checkText(text: string, from: number, to: number, outsideRoot: boolean): void {
  if (from >= to) return;
  const segment = text.slice(from, to);
  if (outsideRoot && segment.trim() !== '') fail('text outside the root element');
  if (segment.includes(']]>')) fail('"]]>" in text');
  checkReferences(segment);
}

function checkReferences(segment: string): void {
  for (let amp = segment.indexOf('&'); amp >= 0; amp = segment.indexOf('&', amp + 1)) {
    const reference = REFERENCE.exec(segment.slice(amp, amp + 12))?.[0];
    if (!reference) fail('"&" that is not a reference');
    if (reference.startsWith('&#')) {
      const code =
        reference[2] === 'x'
          ? parseInt(reference.slice(3, -1), 16)
          : parseInt(reference.slice(2, -1), 10);
      if (!isXmlChar(code)) fail('a character reference XML forbids');
    }
  }
}

function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function fail(message: string): never {
  throw new SloError(SloErrorCode.XmlMalformed, `XML is not well-formed: ${message}`);
}
