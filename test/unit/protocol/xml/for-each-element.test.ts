import { DOMParser } from '@xmldom/xmldom';
import { forEachElement } from '../../../../lib/protocol/xml/dom';

function parse(xml: string): Document {
  return new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
}

function namesVisited(root: Node): string[] {
  const names: string[] = [];
  forEachElement(root, (el) => names.push(el.localName));
  return names;
}

describe('forEachElement', () => {
  it('visits every element of a document in document order, skipping text and comments', () => {
    const doc = parse('<a>t<b><c/>x<!--n--><d><e/></d></b><f/><g><h/></g></a>');
    expect(namesVisited(doc)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  it('from an element, visits it and its descendants only, not its following siblings', () => {
    const doc = parse('<a><b><c/><d/></b><f/></a>');
    const b = doc.documentElement.firstChild!;
    expect(namesVisited(b)).toEqual(['b', 'c', 'd']);
  });

  it('visits an element without children once', () => {
    const doc = parse('<a><b/><c/></a>');
    expect(namesVisited(doc.documentElement.firstChild!)).toEqual(['b']);
  });

  it('walks 10,000 levels of nesting without recursion', () => {
    const depth = 10_000;
    const doc = parse('<e>'.repeat(depth) + '</e>'.repeat(depth));
    expect(namesVisited(doc)).toHaveLength(depth);
  });
});
