import { soapEnvelope } from '../../lib/testing';
import {
  NOBODYS_SESSION_INDEX,
  SAMLP_NS,
  SAML_NS,
  SOAP11_NS,
  SOAP12_NS,
  expectSoap11Fault,
  expectSoap12Fault,
  inSoap11Envelope,
  logoutRequestForAlicesSession,
  startSpWithLiveSessions,
  type SpWithLiveSessions,
} from './support/live-sessions';

const SOAP12_CONTENT_TYPE = 'application/soap+xml; charset=utf-8';

/**
 * When the body is not a SOAP envelope holding exactly one LogoutRequest, there is no
 * SAML message to answer: the SP replies with a SOAP Fault whose faultstring is the stable
 * code (SOAP 1.1: faultcode soap:Client, HTTP 500; SOAP 1.2: soap:Sender, HTTP 400), and
 * ends no session — even when a genuine signed request for alice sits in the envelope.
 */
describe('SOAP body that is not one LogoutRequest in a usable envelope', () => {
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

  const genuineRequestForAlice = () => logoutRequestForAlicesSession(live.sp).xml;

  it('answers a body that is not XML at all with SLO_XML_MALFORMED', async () => {
    const reply = await live.sp.postSoap('this is not XML, it is a logout request for alice');
    expectSoap11Fault(reply, { code: 'SLO_XML_MALFORMED' });
  });

  it('answers truncated XML with SLO_XML_MALFORMED', async () => {
    const truncated = inSoap11Envelope(genuineRequestForAlice()).slice(0, -20);
    expectSoap11Fault(await live.sp.postSoap(truncated), { code: 'SLO_XML_MALFORMED' });
  });

  it('answers text after the envelope’s closing tag (not well-formed) with SLO_XML_MALFORMED', async () => {
    const genuineForNobody = logoutRequestForAlicesSession(live.sp, {
      sessionIndexes: [NOBODYS_SESSION_INDEX],
    });
    const trailingText = `${inSoap11Envelope(genuineForNobody.xml)}trailing garbage`;
    expectSoap11Fault(await live.sp.postSoap(trailingText), { code: 'SLO_XML_MALFORMED' });
  });

  it('answers well-formed XML that is not a SOAP envelope with SLO_SOAP_MALFORMED', async () => {
    const reply = await live.sp.postSoap(`<note><to>sp</to><body>log alice out</body></note>`);
    expectSoap11Fault(reply, { code: 'SLO_SOAP_MALFORMED' });
  });

  it('answers a bare LogoutRequest without a SOAP envelope with SLO_SOAP_MALFORMED', async () => {
    const reply = await live.sp.postSoap(genuineRequestForAlice());
    expectSoap11Fault(reply, { code: 'SLO_SOAP_MALFORMED' });
  });

  it('answers an envelope in an unknown SOAP namespace with SLO_SOAP_MALFORMED', async () => {
    const envelope = `<soap:Envelope xmlns:soap="urn:not-soap"><soap:Body>${genuineRequestForAlice()}</soap:Body></soap:Envelope>`;
    expectSoap11Fault(await live.sp.postSoap(envelope), { code: 'SLO_SOAP_MALFORMED' });
  });

  it('answers an envelope with an empty Body with SLO_SOAP_MALFORMED', async () => {
    const reply = await live.sp.postSoap(inSoap11Envelope(''));
    expectSoap11Fault(reply, { code: 'SLO_SOAP_MALFORMED' });
  });

  it('answers an envelope with no Body with SLO_SOAP_MALFORMED', async () => {
    const reply = await live.sp.postSoap(
      `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Header/></soap:Envelope>`,
    );
    expectSoap11Fault(reply, { code: 'SLO_SOAP_MALFORMED' });
  });

  it('answers an envelope with two Bodies with SLO_SOAP_MALFORMED', async () => {
    const reply = await live.sp.postSoap(
      `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body>${genuineRequestForAlice()}</soap:Body>` +
        `<soap:Body>${genuineRequestForAlice()}</soap:Body></soap:Envelope>`,
    );
    expectSoap11Fault(reply, { code: 'SLO_SOAP_MALFORMED' });
  });

  it('answers a Body holding two genuine LogoutRequests with SLO_SOAP_MALFORMED', async () => {
    const reply = await live.sp.postSoap(
      inSoap11Envelope(`${genuineRequestForAlice()}${genuineRequestForAlice()}`),
    );
    expectSoap11Fault(reply, { code: 'SLO_SOAP_MALFORMED' });
  });

  it('answers a Body holding a LogoutResponse with SLO_MESSAGE_UNEXPECTED', async () => {
    const logoutResponse =
      `<samlp:LogoutResponse xmlns:samlp="${SAMLP_NS}" xmlns:saml="${SAML_NS}" ID="_unexpected-response" Version="2.0"` +
      ` IssueInstant="${new Date().toISOString()}" InResponseTo="_some-request">` +
      `<saml:Issuer>${live.sp.idp.entityID}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      `</samlp:LogoutResponse>`;
    expectSoap11Fault(await live.sp.postSoap(inSoap11Envelope(logoutResponse)), {
      code: 'SLO_MESSAGE_UNEXPECTED',
    });
  });

  it('answers a Body holding an AuthnRequest with SLO_MESSAGE_UNEXPECTED', async () => {
    const authnRequest =
      `<samlp:AuthnRequest xmlns:samlp="${SAMLP_NS}" xmlns:saml="${SAML_NS}" ID="_unexpected-authn" Version="2.0"` +
      ` IssueInstant="${new Date().toISOString()}" Destination="${live.sp.logoutUrl}">` +
      `<saml:Issuer>${live.sp.idp.entityID}</saml:Issuer></samlp:AuthnRequest>`;
    expectSoap11Fault(await live.sp.postSoap(inSoap11Envelope(authnRequest)), {
      code: 'SLO_MESSAGE_UNEXPECTED',
    });
  });

  it('answers a Body holding a LogoutRequest in a foreign namespace with SLO_MESSAGE_UNEXPECTED, like any other non-LogoutRequest', async () => {
    const foreignLogoutRequest = genuineRequestForAlice().replace(
      `xmlns:samlp="${SAMLP_NS}"`,
      'xmlns:samlp="urn:evil:not-saml-protocol"',
    );
    expectSoap11Fault(await live.sp.postSoap(inSoap11Envelope(foreignLogoutRequest)), {
      code: 'SLO_MESSAGE_UNEXPECTED',
    });
  });

  it('answers a Header block with soap:mustUnderstand="1" with a soap:MustUnderstand fault', async () => {
    const envelope =
      `<soap:Envelope xmlns:soap="${SOAP11_NS}">` +
      `<soap:Header><x:Transaction xmlns:x="urn:example:tx" soap:mustUnderstand="1">42</x:Transaction></soap:Header>` +
      `<soap:Body>${genuineRequestForAlice()}</soap:Body></soap:Envelope>`;
    expectSoap11Fault(await live.sp.postSoap(envelope), {
      code: 'SLO_SOAP_MUST_UNDERSTAND',
      faultcode: 'soap:MustUnderstand',
      httpStatus: 500,
    });
  });

  describe('over SOAP 1.2 (application/soap+xml)', () => {
    it('answers content that is not XML with a soap:Sender fault, HTTP 400, SLO_XML_MALFORMED', async () => {
      const reply = await live.sp.postSoap('not XML at all', SOAP12_CONTENT_TYPE);
      expectSoap12Fault(reply, { code: 'SLO_XML_MALFORMED' });
    });

    it('answers well-formed XML that is not a SOAP envelope with soap:Sender, HTTP 400, SLO_SOAP_MALFORMED', async () => {
      const reply = await live.sp.postSoap('<note>log alice out</note>', SOAP12_CONTENT_TYPE);
      expectSoap12Fault(reply, { code: 'SLO_SOAP_MALFORMED' });
    });

    it('answers a SOAP 1.2 envelope with an empty Body with soap:Sender, HTTP 400, SLO_SOAP_MALFORMED', async () => {
      const reply = await live.sp.postSoap(soapEnvelope('', '1.2'), SOAP12_CONTENT_TYPE);
      expectSoap12Fault(reply, { code: 'SLO_SOAP_MALFORMED' });
    });

    it('answers a SOAP 1.2 Body holding an AuthnRequest with soap:Sender, HTTP 400, SLO_MESSAGE_UNEXPECTED', async () => {
      const authnRequest = `<samlp:AuthnRequest xmlns:samlp="${SAMLP_NS}" ID="_unexpected-authn-12" Version="2.0" IssueInstant="${new Date().toISOString()}"/>`;
      const reply = await live.sp.postSoap(soapEnvelope(authnRequest, '1.2'), SOAP12_CONTENT_TYPE);
      expectSoap12Fault(reply, { code: 'SLO_MESSAGE_UNEXPECTED' });
    });

    it('answers a SOAP 1.2 Header block with mustUnderstand="true" with soap:MustUnderstand, HTTP 500', async () => {
      const envelope =
        `<soap:Envelope xmlns:soap="${SOAP12_NS}">` +
        `<soap:Header><x:Transaction xmlns:x="urn:example:tx" soap:mustUnderstand="true">42</x:Transaction></soap:Header>` +
        `<soap:Body>${genuineRequestForAlice()}</soap:Body></soap:Envelope>`;
      expectSoap12Fault(await live.sp.postSoap(envelope, SOAP12_CONTENT_TYPE), {
        code: 'SLO_SOAP_MUST_UNDERSTAND',
        faultcode: 'soap:MustUnderstand',
        httpStatus: 500,
      });
    });
  });

  it('still ends alice’s session for a valid request after all of the above', async () => {
    await live.expectValidLogoutStillEndsAlicesSession();
  });
});
