import { ExclusiveCanonicalization } from 'xml-crypto';
import { NS } from '../xml/namespaces';

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
 * it gets a clone.
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
  // xml-crypto writes the ancestor declarations a PrefixList names onto its input.
  const writesToInput = ancestorNamespaces.some(({ prefix }) => inclusivePrefixes.includes(prefix));
  const omit = options.omit?.parentNode === element ? options.omit : undefined;
  const next = omit?.nextSibling ?? null;
  if (omit) element.removeChild(omit);
  try {
    return new ExclusiveCanonicalization().process(
      writesToInput ? (element.cloneNode(true) as Element) : element,
      { inclusiveNamespacesPrefixList: inclusivePrefixes, ancestorNamespaces },
    );
  } finally {
    if (omit) element.insertBefore(omit, next);
  }
}

/** Namespace declarations in scope at `node`, nearest declaration of a prefix winning. */
function namespacesInScope(node: Node | null): Array<{ prefix: string; namespaceURI: string }> {
  const seen = new Map<string, string>();
  for (let current = node; current && current.nodeType === 1; current = current.parentNode) {
    const attributes = (current as Element).attributes;
    for (let i = 0; i < attributes.length; i += 1) {
      const attr = attributes[i]!;
      if (attr.namespaceURI === NS.xmlns && attr.prefix === 'xmlns' && !seen.has(attr.localName)) {
        seen.set(attr.localName, attr.value);
      }
    }
  }
  return [...seen].map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}
