import { SloError, SloErrorCode } from '../../errors';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/**
 * The element children of `parent`, in document order.
 *
 * @example
 * ```ts
 * childElements(doc.documentElement).map((e) => e.localName);
 * ```
 */
export function childElements(parent: Node): Element[] {
  const out: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === ELEMENT_NODE) out.push(child as Element);
  }
  return out;
}

/**
 * True when `element` has this namespace URI and local name.
 *
 * @example
 * ```ts
 * isElement(el, NS.saml, 'Issuer');
 * ```
 */
export function isElement(
  node: Node | null | undefined,
  ns: string,
  localName: string,
): node is Element {
  return (
    !!node &&
    node.nodeType === ELEMENT_NODE &&
    (node as Element).namespaceURI === ns &&
    (node as Element).localName === localName
  );
}

/**
 * The element children of `parent` with this namespace and local name.
 *
 * @example
 * ```ts
 * const indexes = childrenNamed(request, NS.samlp, 'SessionIndex');
 * ```
 */
export function childrenNamed(parent: Node, ns: string, localName: string): Element[] {
  return childElements(parent).filter((e) => isElement(e, ns, localName));
}

/**
 * The only child of `parent` with this name, `undefined` when there is none.
 *
 * @throws {SloError} `SLO_MESSAGE_INVALID` when there are several.
 * @example
 * ```ts
 * const issuer = optionalChild(request, NS.saml, 'Issuer');
 * ```
 */
export function optionalChild(parent: Node, ns: string, localName: string): Element | undefined {
  const found = childrenNamed(parent, ns, localName);
  if (found.length > 1) {
    throw new SloError(SloErrorCode.MessageInvalid, `more than one ${localName} element`);
  }
  return found[0];
}

/**
 * The text of a simple-content element, read whole. Any child other than text or CDATA
 * (an element, a comment, a PI) is refused: a comment splits the text, and readers that
 * keep only the first text node read `alice@example.com<!---->.evil.com` as
 * `alice@example.com` while the signature covers the whole (CVE-2017-11427 class).
 *
 * @throws {SloError} `SLO_MESSAGE_INVALID`.
 * @example
 * ```ts
 * readSimpleText(nameIdElement); // 'alice@example.com'
 * ```
 */
export function readSimpleText(element: Element): string {
  let text = '';
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType !== TEXT_NODE && child.nodeType !== CDATA_SECTION_NODE) {
      throw new SloError(
        SloErrorCode.MessageInvalid,
        `${element.localName} must hold text only (found a node of type ${child.nodeType})`,
      );
    }
    text += (child as CharacterData).data;
  }
  return text;
}

/**
 * An attribute's value, `undefined` when absent.
 *
 * @example
 * ```ts
 * optionalAttribute(request, 'Destination');
 * ```
 */
export function optionalAttribute(element: Element, name: string): string | undefined {
  return element.hasAttribute(name) ? (element.getAttribute(name) ?? undefined) : undefined;
}

/**
 * Walks `root` and every node below it in document order, with each node's depth below
 * `root` (0 for `root` itself). A `visit` that throws stops the walk.
 *
 * @example
 * ```ts
 * forEachNode(doc, (node, depth) => console.log(depth, node.nodeName));
 * ```
 */
export function forEachNode(root: Node, visit: (node: Node, depth: number) => void): void {
  // Along sibling and parent links: no stack to allocate, and no recursion for deep input.
  let node: Node | null = root;
  let depth = 0;
  while (node) {
    visit(node, depth);
    if (node.firstChild) {
      node = node.firstChild;
      depth += 1;
      continue;
    }
    while (node !== root && !node.nextSibling) {
      node = node.parentNode!;
      depth -= 1;
    }
    if (node === root) return;
    node = node.nextSibling;
  }
}

/**
 * Walks every element of the document in document order.
 *
 * @example
 * ```ts
 * forEachElement(doc, (el) => console.log(el.tagName));
 * ```
 */
export function forEachElement(root: Node, visit: (element: Element) => void): void {
  forEachNode(root, (node) => {
    if (node.nodeType === ELEMENT_NODE) visit(node as Element);
  });
}
