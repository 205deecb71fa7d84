import { request as httpRequest } from 'node:http';
import {
  ALICE,
  expectSoap11Fault,
  expectSoap12Fault,
  inSoap11Envelope,
  logoutRequestForAlicesSession,
  startSpWithLiveSessions,
  type SloHttpReply,
  type SpWithLiveSessions,
} from './support/live-sessions';

const KIB = 1024;

/** A genuine signed request for alice, padded with whitespace inside the envelope to `bytes`. */
function paddedEnvelopeForAlice(live: SpWithLiveSessions, bytes: number): string {
  const envelope = inSoap11Envelope(logoutRequestForAlicesSession(live.sp).xml);
  const padding = ' '.repeat(Math.max(0, bytes - Buffer.byteLength(envelope)));
  return envelope.replace('<soap:Body>', `<soap:Body>${padding}`);
}

/** Any HTTP request to the logout endpoint, cookie-less, as fetch sends it. */
async function requestLogoutEndpoint(
  live: SpWithLiveSessions,
  init: { method: string; contentType?: string; body?: string },
): Promise<SloHttpReply & { allow: string | null }> {
  const reply = await fetch(live.sp.logoutUrl, {
    method: init.method,
    headers: init.contentType ? { 'content-type': init.contentType } : {},
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  return {
    status: reply.status,
    contentType: reply.headers.get('content-type') ?? '',
    allow: reply.headers.get('allow'),
    body: await reply.text(),
  };
}

/** POSTs `totalBytes` of XML in 16 KiB chunks with no Content-Length (chunked encoding). */
function postChunkedWithoutLength(url: string, totalBytes: number): Promise<SloHttpReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', 'transfer-encoding': 'chunked' },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    // The server may close the connection as soon as it has answered: only an error
    // before any answer is a failure.
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const chunk = `<a>${'x'.repeat(16 * KIB - 7)}</a>`;
    let sent = 0;
    const writeMore = (): void => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', writeMore);
      }
      req.end();
    };
    writeMore();
  });
}

/**
 * Requests refused at the HTTP level, before any XML is parsed: too large (413), wrong
 * media type (415), wrong method (405 with Allow). Each carries a SOAP Fault naming the
 * stable code, and no session ends.
 */
describe('HTTP requests to the logout endpoint that are refused before parsing', () => {
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

  it('answers a 300 KiB body (over the default 256 KiB) with 413 and SLO_BODY_TOO_LARGE', async () => {
    const reply = await live.sp.postSoap(paddedEnvelopeForAlice(live, 300 * KIB));
    expectSoap11Fault(reply, { code: 'SLO_BODY_TOO_LARGE', httpStatus: 413 });
  });

  it('answers a 300 KiB body sent chunked, without Content-Length, with 413 and SLO_BODY_TOO_LARGE', async () => {
    const reply = await postChunkedWithoutLength(live.sp.logoutUrl, 300 * KIB);
    expectSoap11Fault(reply, { code: 'SLO_BODY_TOO_LARGE', httpStatus: 413 });
  });

  it('answers a 300 KiB SOAP 1.2 body with 413 and a SOAP 1.2 fault naming SLO_BODY_TOO_LARGE', async () => {
    const reply = await live.sp.postSoap(
      `<a>${'x'.repeat(300 * KIB)}</a>`,
      'application/soap+xml; charset=utf-8',
    );
    expectSoap12Fault(reply, { code: 'SLO_BODY_TOO_LARGE', httpStatus: 413 });
  });

  it('answers Content-Type application/json with 415 and SLO_UNSUPPORTED_MEDIA_TYPE', async () => {
    const reply = await requestLogoutEndpoint(live, {
      method: 'POST',
      contentType: 'application/json',
      body: JSON.stringify({ nameID: ALICE.nameID, sessionIndex: ALICE.sessionIndex }),
    });
    expectSoap11Fault(reply, { code: 'SLO_UNSUPPORTED_MEDIA_TYPE', httpStatus: 415 });
  });

  it('answers a genuine envelope sent as text/plain with 415 and SLO_UNSUPPORTED_MEDIA_TYPE', async () => {
    const reply = await requestLogoutEndpoint(live, {
      method: 'POST',
      contentType: 'text/plain',
      body: inSoap11Envelope(logoutRequestForAlicesSession(live.sp).xml),
    });
    expectSoap11Fault(reply, { code: 'SLO_UNSUPPORTED_MEDIA_TYPE', httpStatus: 415 });
  });

  it('answers GET /saml/logout without a SAML message (HTTP-Redirect binding) with 400 and SLO_MESSAGE_INVALID', async () => {
    const reply = await requestLogoutEndpoint(live, { method: 'GET' });
    expect(reply.status).toBe(400);
    expect(reply.body).toBe('SAML logout refused: SLO_MESSAGE_INVALID\n');
  });

  it('answers PUT /saml/logout with a genuine envelope with 405, Allow: GET, POST and SLO_METHOD_NOT_ALLOWED', async () => {
    const reply = await requestLogoutEndpoint(live, {
      method: 'PUT',
      contentType: 'text/xml; charset=utf-8',
      body: inSoap11Envelope(logoutRequestForAlicesSession(live.sp).xml),
    });
    expectSoap11Fault(reply, { code: 'SLO_METHOD_NOT_ALLOWED', httpStatus: 405 });
    expect(reply.allow).toBe('GET, POST');
  });

  it('still ends alice’s session for a valid request after all of the above', async () => {
    await live.expectValidLogoutStillEndsAlicesSession();
  });
});

describe('HTTP body limit configured down to 4 KiB (limits.maxBodyBytes: 4096)', () => {
  let live: SpWithLiveSessions;

  beforeAll(async () => {
    live = await startSpWithLiveSessions({ slo: { limits: { maxBodyBytes: 4096 } } });
  });
  afterEach(async () => {
    await live.expectEveryoneStillLoggedIn();
  });
  afterAll(async () => {
    await live.close();
  });

  it('answers a genuine request padded to 5 KiB with 413 and SLO_BODY_TOO_LARGE', async () => {
    const reply = await live.sp.postSoap(paddedEnvelopeForAlice(live, 5 * KIB));
    expectSoap11Fault(reply, { code: 'SLO_BODY_TOO_LARGE', httpStatus: 413 });
  });

  it('answers 4097 bytes (one over the limit) with 413 and SLO_BODY_TOO_LARGE', async () => {
    const reply = await live.sp.postSoap(paddedEnvelopeForAlice(live, 4097));
    expectSoap11Fault(reply, { code: 'SLO_BODY_TOO_LARGE', httpStatus: 413 });
  });

  it('still ends alice’s session for a valid request under the limit after all of the above', async () => {
    const typicalEnvelope = inSoap11Envelope(logoutRequestForAlicesSession(live.sp).xml);
    expect(Buffer.byteLength(typicalEnvelope)).toBeLessThan(4096);
    await live.expectValidLogoutStillEndsAlicesSession();
  });
});
