import { DOMParser } from '@xmldom/xmldom';
import { SloError, SloErrorCode } from '../../errors';
import { checkWellFormed } from './check-well-formed';
import { forEachNode } from './dom';

/** Structural limits applied to every XML document we parse. */
export interface XmlLimits {
  /** Largest accepted document, in UTF-16 code units of the decoded text. */
  readonly maxChars: number;
  /** Deepest accepted element nesting. */
  readonly maxDepth: number;
  /** Most accepted nodes (elements, attributes, text) in one document. */
  readonly maxNodes: number;
  /** Most namespace declarations in one document. Default 64. */
  readonly maxNamespaceDeclarations?: number;
}

/**
 * Defaults that fit any real LogoutRequest or LogoutResponse with ample room.
 *
 * @example
 * ```ts
 * parseUntrustedXml(text, { ...DEFAULT_XML_LIMITS, maxChars: 65_536 });
 * ```
 */
export const DEFAULT_XML_LIMITS: XmlLimits = { maxChars: 256 * 1024, maxDepth: 32, maxNodes: 4000 };

// Parsing is delegated to @xmldom/xmldom; what it does not do for us is refuse DTDs
// (it tolerates an internal subset), processing instructions, and pathological shapes.
// A SAML message never legitimately carries any of these, so we refuse them outright
// before and after parsing rather than trying to make them safe.
const FORBIDDEN_MARKUP = /<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST|<!NOTATION/i;
// Raw characters XML 1.0 forbids (NUL and the C0 controls but tab, LF, CR); references to
// them are refused by the well-formedness scan.
// eslint-disable-next-line no-control-regex -- matching the control characters is the point
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

/**
 * Parses untrusted XML into a DOM with every DTD, entity declaration and processing
 * instruction refused, all parser warnings treated as errors, and size, depth and node
 * count bounded. Never resolves external resources.
 *
 * @throws {SloError} `SLO_XML_FORBIDDEN_CONSTRUCT` or `SLO_XML_MALFORMED`.
 * @example
 * ```ts
 * const doc = parseUntrustedXml('<samlp:LogoutRequest xmlns:samlp="…" …/>');
 * doc.documentElement.localName; // 'LogoutRequest'
 * ```
 */
export function parseUntrustedXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS): Document {
  if (text.length > limits.maxChars) {
    throw new SloError(
      SloErrorCode.XmlMalformed,
      `XML document larger than ${limits.maxChars} characters`,
    );
  }
  // Every match starts with "<!": the plain search spares the case-insensitive regex its
  // pass over a document that has none (as a signed SAML message does not).
  if (text.includes('<!') && FORBIDDEN_MARKUP.test(text)) {
    throw new SloError(
      SloErrorCode.XmlForbiddenConstruct,
      'XML with a DTD or entity declaration is refused',
    );
  }
  if (FORBIDDEN_CHAR.test(text)) {
    throw new SloError(
      SloErrorCode.XmlMalformed,
      'XML is not well-formed: a character XML forbids',
    );
  }
  checkWellFormed(text, {
    maxDepth: limits.maxDepth,
    maxNamespaceDeclarations: limits.maxNamespaceDeclarations ?? 64,
  });
  const fail = (message: string): never => {
    throw new SloError(
      SloErrorCode.XmlMalformed,
      `XML is not well-formed: ${message.split('\n')[0]}`,
    );
  };
  let doc: Document;
  try {
    // No `locator`: xmldom would then record a line and column on every node (a scan for
    // line breaks as it parses), which nothing here reads; `fail` keeps the first line only.
    doc = new DOMParser({
      errorHandler: { warning: fail, error: fail, fatalError: fail },
    }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch (err) {
    if (err instanceof SloError) throw err;
    throw new SloError(SloErrorCode.XmlMalformed, 'XML is not well-formed', { cause: err });
  }
  if (!doc || !doc.documentElement) fail('no root element');
  checkShape(doc, limits);
  return doc;
}

const ELEMENT_NODE = 1;
const PROCESSING_INSTRUCTION_NODE = 7;
const DOCUMENT_TYPE_NODE = 10;
const ENTITY_REFERENCE_NODE = 5;

function checkShape(doc: Document, limits: XmlLimits): void {
  const first = doc.firstChild;
  // The XML declaration, which xmldom reports as a PI; only allowed first.
  const declaration =
    first?.nodeType === PROCESSING_INSTRUCTION_NODE &&
    (first as ProcessingInstruction).target === 'xml'
      ? first
      : undefined;
  let nodes = 0;
  forEachNode(doc, (node, depth) => {
    if (node === doc || node === declaration) return;
    nodes += 1;
    if (nodes > limits.maxNodes) {
      throw new SloError(SloErrorCode.XmlMalformed, `XML has more than ${limits.maxNodes} nodes`);
    }
    if (node.nodeType === PROCESSING_INSTRUCTION_NODE) {
      throw new SloError(
        SloErrorCode.XmlForbiddenConstruct,
        'XML processing instructions are refused',
      );
    }
    if (node.nodeType === DOCUMENT_TYPE_NODE || node.nodeType === ENTITY_REFERENCE_NODE) {
      throw new SloError(SloErrorCode.XmlForbiddenConstruct, 'XML with a DTD or entity is refused');
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    if (depth > limits.maxDepth) {
      throw new SloError(SloErrorCode.XmlMalformed, `XML nested deeper than ${limits.maxDepth}`);
    }
    nodes += checkElementPrefixes(node as Element);
    if (nodes > limits.maxNodes) {
      throw new SloError(SloErrorCode.XmlMalformed, `XML has more than ${limits.maxNodes} nodes`);
    }
  });
}

/** Refuses an undeclared prefix on the element or its attributes; returns its attribute count. */
function checkElementPrefixes(element: Element): number {
  if (element.prefix && !element.namespaceURI) {
    // xmldom tolerates an undeclared prefix; a namespace-aware reader must not.
    throw new SloError(
      SloErrorCode.XmlMalformed,
      `XML is not well-formed: prefix "${element.prefix}" is not declared`,
    );
  }
  const attributes = element.attributes;
  for (let i = 0; i < attributes.length; i += 1) {
    const attribute = attributes[i]!;
    if (attribute.prefix && attribute.prefix !== 'xmlns' && !attribute.namespaceURI) {
      throw new SloError(
        SloErrorCode.XmlMalformed,
        `XML is not well-formed: prefix "${attribute.prefix}" is not declared`,
      );
    }
  }
  return attributes.length;
}
