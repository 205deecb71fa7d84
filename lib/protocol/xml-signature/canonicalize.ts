import { ExclusiveCanonicalization } from 'xml-crypto';

const XMLNS = 'http://www.w3.org/2000/xmlns/';

/**
 * Exclusive XML canonicalization (xml-exc-c14n, without comments) of one element,
 * with the ds:Signature child `omit` left out (the enveloped-signature transform).
 *
 * The algorithm itself is xml-crypto's; we only hand it the element without `omit` and
 * the namespaces in scope on the element's ancestors, which InclusiveNamespaces
 * PrefixList may ask to render.
 *
 * The element is canonicalized in place, not as a clone: a deep clone costs more than the
 * canonicalization itself (xmldom 0.8), and this runs twice per message. `omit` is detached
 * for the (synchronous) call and put back at the same position before returning, so the
 * caller's document is unchanged. Only when a PrefixList names a namespace declared on an
 * ancestor does xml-crypto write that declaration onto its input; then, and only then,
 * it gets a detached clone.
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
  const inclusivePrefixes = [...(options.inclusivePrefixes ?? [])];
  const ancestorNamespaces =
    inclusivePrefixes.length > 0 ? namespacesInScope(element.parentNode) : [];
  const process = (target: Element) =>
    new ExclusiveCanonicalization().process(target, {
      inclusiveNamespacesPrefixList: inclusivePrefixes,
      ancestorNamespaces,
    });

  if (ancestorNamespaces.some(({ prefix }) => inclusivePrefixes.includes(prefix))) {
    const clone = element.cloneNode(true) as Element;
    if (options.omit) {
      const index = indexAmongChildren(element, options.omit);
      if (index >= 0) clone.removeChild(clone.childNodes[index]!);
    }
    return process(clone);
  }

  const omit = options.omit && options.omit.parentNode === element ? options.omit : undefined;
  if (!omit) return process(element);
  const next = omit.nextSibling;
  element.removeChild(omit);
  try {
    return process(element);
  } finally {
    element.insertBefore(omit, next);
  }
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
