import {
  ALICE,
  SOAP11_NS,
  expectSoap11Fault,
  inSoap11Envelope,
  logoutRequestForAlicesSession,
  startSpWithLiveSessions,
  type SpWithLiveSessions,
} from './support/live-sessions';

/** A DOCTYPE whose internal subset declares `entities` and an envelope that uses `&name;`. */
function envelopeWithDoctype(internalSubset: string, nameIdText: string): string {
  return (
    `<?xml version="1.0"?>\n<!DOCTYPE soap:Envelope [${internalSubset}]>\n` +
    `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body>` +
    `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
    ` ID="_doctype-request" Version="2.0" IssueInstant="${new Date().toISOString()}">` +
    `<saml:Issuer>https://idp.test/metadata</saml:Issuer><saml:NameID>${nameIdText}</saml:NameID>` +
    `</samlp:LogoutRequest></soap:Body></soap:Envelope>`
  );
}

const BILLION_LAUGHS_SUBSET =
  '<!ENTITY lol "lol">' +
  Array.from({ length: 9 }, (_, i) => {
    const previous = i === 0 ? 'lol' : `lol${i}`;
    return `<!ENTITY lol${i + 1} "${`&${previous};`.repeat(10)}">`;
  }).join('');

/**
 * XML that could make the parser do work or reach out (DTDs, entity expansion, external
 * entities, processing instructions, pathological nesting) is refused before it is acted
 * on: a SOAP 1.1 Fault with the stable code, the request completing promptly, and no
 * session ended.
 */
describe('SOAP body with dangerous XML constructs', () => {
  let live: SpWithLiveSessions;

  beforeAll(async () => {
    live = await startSpWithLiveSessions();
  });
  afterEach(async () => {
    await live.expectEveryoneStillLoggedIn();
  });
  afterAll(async () => {
    await live.close();
  });

  it('refuses a DOCTYPE with an internal entity (expanding to alice’s NameID) with SLO_XML_FORBIDDEN_CONSTRUCT', async () => {
    const reply = await live.sp.postSoap(
      envelopeWithDoctype(`<!ENTITY who "${ALICE.nameID}">`, '&who;'),
    );
    expectSoap11Fault(reply, { code: 'SLO_XML_FORBIDDEN_CONSTRUCT' });
  });

  it('refuses a billion-laughs entity expansion with SLO_XML_FORBIDDEN_CONSTRUCT, and the request completes', async () => {
    const reply = await live.sp.postSoap(envelopeWithDoctype(BILLION_LAUGHS_SUBSET, '&lol9;'));
    expectSoap11Fault(reply, { code: 'SLO_XML_FORBIDDEN_CONSTRUCT' });
  });

  it('refuses an external entity SYSTEM "file:///etc/passwd" with SLO_XML_FORBIDDEN_CONSTRUCT, and the request completes', async () => {
    const reply = await live.sp.postSoap(
      envelopeWithDoctype('<!ENTITY xxe SYSTEM "file:///etc/passwd">', '&xxe;'),
    );
    expectSoap11Fault(reply, { code: 'SLO_XML_FORBIDDEN_CONSTRUCT' });
    expect(reply.body).not.toContain('root:');
  });

  it('refuses an external DTD reached by a parameter entity with SLO_XML_FORBIDDEN_CONSTRUCT', async () => {
    const reply = await live.sp.postSoap(
      envelopeWithDoctype('<!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;', 'x'),
    );
    expectSoap11Fault(reply, { code: 'SLO_XML_FORBIDDEN_CONSTRUCT' });
  });

  it('refuses a bare DOCTYPE around a genuine signed request with SLO_XML_FORBIDDEN_CONSTRUCT', async () => {
    const genuine = logoutRequestForAlicesSession(live.sp);
    const reply = await live.sp.postSoap(
      `<!DOCTYPE soap:Envelope>${inSoap11Envelope(genuine.xml)}`,
    );
    expectSoap11Fault(reply, { code: 'SLO_XML_FORBIDDEN_CONSTRUCT' });
  });

  it('refuses a processing instruction inside the envelope (around a genuine signed request) with SLO_XML_FORBIDDEN_CONSTRUCT', async () => {
    const genuine = logoutRequestForAlicesSession(live.sp);
    const envelope =
      `<soap:Envelope xmlns:soap="${SOAP11_NS}"><?evil run="now"?>` +
      `<soap:Body>${genuine.xml}</soap:Body></soap:Envelope>`;
    expectSoap11Fault(await live.sp.postSoap(envelope), { code: 'SLO_XML_FORBIDDEN_CONSTRUCT' });
  });

  it('refuses a processing instruction inside the signed LogoutRequest with SLO_XML_FORBIDDEN_CONSTRUCT', async () => {
    const genuine = logoutRequestForAlicesSession(live.sp);
    const withPi = genuine.xml.replace(
      '</samlp:LogoutRequest>',
      '<?evil x?></samlp:LogoutRequest>',
    );
    expectSoap11Fault(await live.sp.postSoap(inSoap11Envelope(withPi)), {
      code: 'SLO_XML_FORBIDDEN_CONSTRUCT',
    });
  });

  it('refuses a processing instruction before the envelope with SLO_XML_FORBIDDEN_CONSTRUCT', async () => {
    const genuine = logoutRequestForAlicesSession(live.sp);
    const envelope = `<?xml version="1.0"?><?xml-stylesheet href="evil.xsl"?>${inSoap11Envelope(genuine.xml)}`;
    expectSoap11Fault(await live.sp.postSoap(envelope), { code: 'SLO_XML_FORBIDDEN_CONSTRUCT' });
  });

  it('refuses 10 000 nested elements with SLO_XML_MALFORMED, and the request completes', async () => {
    const depth = 10_000;
    const deeplyNested = inSoap11Envelope(`${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`);
    expectSoap11Fault(await live.sp.postSoap(deeplyNested), { code: 'SLO_XML_MALFORMED' });
  });

  it('refuses a LogoutRequest whose Extensions nest 40 levels deep with SLO_XML_MALFORMED', async () => {
    const request = logoutRequestForAlicesSession(live.sp, { sign: false });
    const nested = request.xml.replace(
      '</saml:Issuer>',
      `</saml:Issuer><samlp:Extensions>${'<x:n xmlns:x="urn:x">'.repeat(40)}${'</x:n>'.repeat(40)}</samlp:Extensions>`,
    );
    expectSoap11Fault(await live.sp.postSoap(inSoap11Envelope(nested)), {
      code: 'SLO_XML_MALFORMED',
    });
  });

  it('refuses a LogoutRequest flooded with 5 000 sibling elements (more nodes than any LogoutRequest needs) with SLO_XML_MALFORMED', async () => {
    const request = logoutRequestForAlicesSession(live.sp, { sign: false });
    const flooded = request.xml.replace(
      '</saml:Issuer>',
      `</saml:Issuer><samlp:Extensions>${'<x:n xmlns:x="urn:x"/>'.repeat(5000)}</samlp:Extensions>`,
    );
    expectSoap11Fault(await live.sp.postSoap(inSoap11Envelope(flooded)), {
      code: 'SLO_XML_MALFORMED',
    });
  });

  it('still ends alice’s session for a valid request after all of the above', async () => {
    await live.expectValidLogoutStillEndsAlicesSession();
  });
});
