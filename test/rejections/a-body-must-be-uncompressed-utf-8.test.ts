import { deflateSync, gzipSync } from 'node:zlib';
import {
  expectSoap11Fault,
  inSoap11Envelope,
  logoutRequestForAlicesSession,
  startSpWithLiveSessions,
  type SloHttpReply,
  type SpWithLiveSessions,
} from './support/live-sessions';
import { FORM_CONTENT_TYPE, formBody } from '../../lib/testing';
import { keys } from '../support/keys';

/** POSTs raw bytes to the logout endpoint with the given headers. */
async function postBytes(
  live: SpWithLiveSessions,
  body: Uint8Array,
  headers: Record<string, string>,
): Promise<SloHttpReply> {
  const reply = await fetch(live.sp.logoutUrl, {
    method: 'POST',
    headers,
    body: new Blob([new Uint8Array(body)]),
  });
  return {
    status: reply.status,
    contentType: reply.headers.get('content-type') ?? '',
    body: await reply.text(),
  };
}

/** A genuine signed envelope for alice, with `inserted` bytes just inside soap:Body. */
function envelopeBytesWith(live: SpWithLiveSessions, inserted: Buffer): Buffer {
  const [head, tail] = inSoap11Envelope(logoutRequestForAlicesSession(live.sp).xml).split(
    '<soap:Body>',
  );
  return Buffer.concat([Buffer.from(`${head}<soap:Body>`), inserted, Buffer.from(tail!)]);
}

// saml-slo does not undo a content coding, and reads UTF-8 only: a body it cannot read as
// sent is refused with a code naming why, before any XML is parsed, and no session ends.
describe('a logout request body must be uncompressed UTF-8', () => {
  let live: SpWithLiveSessions;
  const logged: Record<string, unknown>[] = [];
  const capture = (fields: Record<string, unknown>) => void logged.push(fields);

  beforeAll(async () => {
    live = await startSpWithLiveSessions({
      slo: { logger: { debug: capture, info: capture, warn: capture, error: capture } },
    });
  });
  beforeEach(() => {
    logged.length = 0;
  });
  afterEach(async () => {
    await live.expectEveryoneStillLoggedIn();
  });
  afterAll(() => live.close());

  const refusedBody = () => logged.find((l) => l.event === 'saml_slo.body_refused');

  it('a gzip SOAP body (Content-Encoding: gzip) is refused with 415 and SLO_UNSUPPORTED_MEDIA_TYPE', async () => {
    const envelope = inSoap11Envelope(logoutRequestForAlicesSession(live.sp).xml);
    const reply = await postBytes(live, gzipSync(envelope), {
      'content-type': 'text/xml; charset=utf-8',
      'content-encoding': 'gzip',
    });
    expectSoap11Fault(reply, { code: 'SLO_UNSUPPORTED_MEDIA_TYPE', httpStatus: 415 });
    expect(refusedBody()).toMatchObject({
      code: 'SLO_UNSUPPORTED_MEDIA_TYPE',
      reason: expect.stringContaining('Content-Encoding gzip'),
    });
  });

  it('a deflate form post (HTTP-POST binding) is refused with 415 and SLO_UNSUPPORTED_MEDIA_TYPE', async () => {
    const { fields } = live.sp.idp.buildPostLogoutRequest({
      destination: live.sp.logoutUrl,
      nameID: 'alice@example.com',
    });
    const reply = await postBytes(live, deflateSync(formBody(fields)), {
      'content-type': FORM_CONTENT_TYPE,
      'content-encoding': 'deflate',
    });
    expect(reply.status).toBe(415);
    expect(reply.body).toBe('SAML logout refused: SLO_UNSUPPORTED_MEDIA_TYPE\n');
  });

  it('a body with bytes that are not UTF-8 (ISO-8859-1 é) is refused with SLO_XML_MALFORMED, naming the declared charset', async () => {
    const reply = await postBytes(live, envelopeBytesWith(live, Buffer.from([0xe9])), {
      'content-type': 'text/xml; charset=ISO-8859-1',
    });
    expectSoap11Fault(reply, { code: 'SLO_XML_MALFORMED' });
    expect(refusedBody()).toMatchObject({
      code: 'SLO_XML_MALFORMED',
      reason: 'the request body is not UTF-8 text (declared charset ISO-8859-1)',
    });
  });

  it('a body declared ISO-8859-1 whose bytes are all ASCII reads the same: it verifies and is answered', async () => {
    // A user with no session here, so the check is the answer alone (afterEach wants alice).
    const request = live.sp.idp.buildSoapLogoutRequest({
      destination: live.sp.logoutUrl,
      nameID: 'carol@example.com',
    });
    expect(/^[\x20-\x7e\r\n\t]*$/.test(request.envelope)).toBe(true);
    const reply = await postBytes(live, Buffer.from(request.envelope), {
      'content-type': 'text/xml; charset=ISO-8859-1',
    });
    expect(reply.status).toBe(200);
    expect(live.sp.idp.readLogoutResponse(reply.body, keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      inResponseTo: request.id,
      status: 'urn:oasis:names:tc:SAML:2.0:status:Success',
    });
    expect(refusedBody()).toBeUndefined();
  });
});
