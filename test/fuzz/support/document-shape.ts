import { DEFAULT_XML_LIMITS } from '../../../lib/protocol/xml/parse-xml';

const ELEMENT_NODE = 1;
const ENTITY_REFERENCE_NODE = 5;
const PROCESSING_INSTRUCTION_NODE = 7;
const DOCUMENT_TYPE_NODE = 10;

/**
 * What parseUntrustedXml promises of any document it returns: a root element, no DTD,
 * entity reference or processing instruction (the XML declaration aside), nesting and
 * node count inside the default limits. Returns the first broken promise, or undefined.
 */
export function brokenParsePromise(doc: Document): string | undefined {
  if (!doc.documentElement) return 'no root element';
  let nodes = 0;
  const stack: Array<{ node: Node; depth: number }> = [];
  for (let child = doc.firstChild; child; child = child.nextSibling) {
    stack.push({ node: child, depth: 1 });
  }
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    nodes += 1 + (node.nodeType === ELEMENT_NODE ? (node as Element).attributes.length : 0);
    if (node.nodeType === DOCUMENT_TYPE_NODE) return 'a DOCTYPE survived';
    if (node.nodeType === ENTITY_REFERENCE_NODE) return 'an entity reference survived';
    if (
      node.nodeType === PROCESSING_INSTRUCTION_NODE &&
      !(node === doc.firstChild && (node as ProcessingInstruction).target === 'xml')
    ) {
      return 'a processing instruction survived';
    }
    if (node.nodeType === ELEMENT_NODE && depth > DEFAULT_XML_LIMITS.maxDepth) {
      return `nesting deeper than ${DEFAULT_XML_LIMITS.maxDepth}`;
    }
    for (let child = node.firstChild; child; child = child.nextSibling) {
      stack.push({ node: child, depth: depth + 1 });
    }
  }
  return nodes > DEFAULT_XML_LIMITS.maxNodes
    ? `more than ${DEFAULT_XML_LIMITS.maxNodes} nodes`
    : undefined;
}
