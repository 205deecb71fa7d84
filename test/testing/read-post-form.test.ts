import { buildPostForm } from '../../lib/bindings/post';
import { readPostForm } from '../../lib/testing';

describe('readPostForm: reads the HTTP-POST auto-submit page', () => {
  it("reads saml-slo's page: action, method and fields, entities decoded", () => {
    const nasty = `"><script>alert('x')</script>&amp;`;
    const { html } = buildPostForm('https://idp.test/slo?a=1&b="2"', 'SAMLResponse', '<x/>', nasty);
    expect(readPostForm(html)).toEqual({
      action: 'https://idp.test/slo?a=1&b="2"',
      method: 'post',
      fields: { SAMLResponse: Buffer.from('<x/>').toString('base64'), RelayState: nasty },
    });
  });

  it('decodes numeric character references and single-quoted attributes', () => {
    const html = `<form action='https://x.test/&#x41;&#66;' method=POST><input type="hidden" name='n' value="&lt;&#39;&gt;"></form>`;
    expect(readPostForm(html)).toEqual({
      action: 'https://x.test/AB',
      method: 'post',
      fields: { n: "<'>" },
    });
  });

  it('refuses a page without exactly one form, or with a field twice', () => {
    expect(() => readPostForm('<p>nothing</p>')).toThrow(/exactly one <form>/);
    expect(() => readPostForm('<form></form><form></form>')).toThrow(/found 2/);
    expect(() =>
      readPostForm('<form><input name="a" value="1"><input name="a" value="2"></form>'),
    ).toThrow(/twice/);
  });
});
