import { DOMParser } from '@xmldom/xmldom';

/**
 * Parses XML with @xmldom/xmldom and throws on any error or warning instead of logging
 * and returning a partial document.
 *
 * @example
 * ```ts
 * const doc = parseXmlStrict('<a><b/></a>');
 * doc.documentElement.localName; // 'a'
 * ```
 */
export function parseXmlStrict(xml: string): Document {
  const fail = (message: string): never => {
    throw new Error(`Invalid XML: ${message}`);
  };
  const parser = new DOMParser({
    errorHandler: { warning: fail, error: fail, fatalError: fail },
  });
  const doc = parser.parseFromString(xml, 'text/xml');
  if (doc.documentElement === null) {
    fail('no root element');
  }
  return doc;
}

/**
 * The element children of `parent` (skipping text, comments, …).
 *
 * @example
 * ```ts
 * childElements(parseXmlStrict('<a> <b/> </a>').documentElement).length; // 1
 * ```
 */
export function childElements(parent: Element): Element[] {
  const out: Element[] = [];
  for (let node = parent.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === node.ELEMENT_NODE) {
      out.push(node as Element);
    }
  }
  return out;
}

/**
 * The first element child of `parent` with the given namespace and local name, if any.
 *
 * @example
 * ```ts
 * const issuer = firstChild(responseEl, NS.saml, 'Issuer');
 * ```
 */
export function firstChild(parent: Element, ns: string, localName: string): Element | undefined {
  return childElements(parent).find((el) => el.namespaceURI === ns && el.localName === localName);
}
