import { ExclusiveCanonicalization } from 'xml-crypto';

const XMLNS = 'http://www.w3.org/2000/xmlns/';

/**
 * Exclusive XML canonicalization (xml-exc-c14n, without comments) of one element,
 * with the ds:Signature child `omit` left out (the enveloped-signature transform).
 *
 * The algorithm itself is xml-crypto's; we only feed it a detached clone (xml-crypto's
 * canonicalizer mutates its input) and the namespaces in scope on the element's
 * ancestors, which InclusiveNamespaces PrefixList may ask to render.
 *
 * @example
 * ```ts
 * const octets = canonicalizeExclusive(request, { omit: signature });
 * ```
 */
export function canonicalizeExclusive(
  element: Element,
  options: { omit?: Element; inclusivePrefixes?: readonly string[] } = {},
): string {
  const clone = element.cloneNode(true) as Element;
  if (options.omit) {
    const index = indexAmongChildren(element, options.omit);
    if (index >= 0) clone.removeChild(clone.childNodes[index]!);
  }
  const inclusivePrefixes = [...(options.inclusivePrefixes ?? [])];
  return new ExclusiveCanonicalization().process(clone, {
    inclusiveNamespacesPrefixList: inclusivePrefixes,
    ancestorNamespaces: inclusivePrefixes.length > 0 ? namespacesInScope(element.parentNode) : [],
  });
}

function indexAmongChildren(parent: Element, child: Node): number {
  for (let i = 0; i < parent.childNodes.length; i += 1) {
    if (parent.childNodes[i] === child) return i;
  }
  return -1;
}

/** Namespace declarations in scope at `node`, nearest declaration of a prefix winning. */
function namespacesInScope(node: Node | null): Array<{ prefix: string; namespaceURI: string }> {
  const seen = new Map<string, string>();
  for (let current = node; current && current.nodeType === 1; current = current.parentNode) {
    const attributes = (current as Element).attributes;
    for (let i = 0; i < attributes.length; i += 1) {
      const attr = attributes[i]!;
      if (attr.namespaceURI === XMLNS && attr.prefix === 'xmlns' && !seen.has(attr.localName)) {
        seen.set(attr.localName, attr.value);
      }
    }
  }
  return [...seen].map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}
