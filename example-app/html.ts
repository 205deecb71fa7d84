import { escapeXml } from '../lib/testing';

/** Escapes text for HTML (the XML escaping is a superset of what HTML needs). */
export const h = escapeXml;

/** A minimal page shell; `accent` tells the demo's parties apart. */
export function page(title: string, accent: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${h(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
header{border-left:.5rem solid ${accent};padding-left:1rem}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
button{font-size:1rem;padding:.4rem 1rem}.demo{background:#fff3cd;padding:.5rem 1rem}</style>
</head><body>${body}</body></html>`;
}

/** A form that posts SAML values to another party; the visitor presses Continue. */
export function postForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${h(name)}" value="${h(value)}">`)
    .join('');
  return `<form method="post" action="${h(action)}">${inputs}<button type="submit" id="continue">Continue</button></form>`;
}
