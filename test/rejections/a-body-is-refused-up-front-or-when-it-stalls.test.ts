import { request as httpRequest } from 'node:http';
import {
  expectSoap11Fault,
  startSpWithLiveSessions,
  type SloHttpReply,
  type SpWithLiveSessions,
} from './support/live-sessions';

/** What the server answered, and whether it closed the connection after. */
type Answer = SloHttpReply & { connection: string | undefined; closed: Promise<void> };

/**
 * Sends the headers of a POST (and `firstBytes` of its body) and then nothing more: resolves
 * with the server's answer, which must come without the rest of the body.
 */
function postAndStall(
  url: string,
  headers: Record<string, string>,
  firstBytes: string,
  method = 'POST',
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers });
    req.on('error', reject);
    req.on('response', (res) => {
      const closed = new Promise<void>((done) => res.socket.once('close', () => done()));
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          connection: res.headers.connection,
          closed,
        }),
      );
    });
    if (firstBytes) req.write(firstBytes);
    req.flushHeaders();
  });
}

describe('a request body is refused before it is read when too large, and when it stalls', () => {
  let live: SpWithLiveSessions;
  beforeAll(async () => {
    live = await startSpWithLiveSessions({ slo: { limits: { bodyTimeoutMs: 1000 } } });
  });
  afterEach(async () => {
    await live.expectEveryoneStillLoggedIn();
  });
  afterAll(() => live.close());

  it('a SOAP POST declaring 1 GB: 413 SLO_BODY_TOO_LARGE at once, connection closed, no body read', async () => {
    const answer = await postAndStall(
      live.sp.logoutUrl,
      { 'content-type': 'text/xml; charset=utf-8', 'content-length': '1000000000' },
      '',
    );
    expectSoap11Fault(answer, { code: 'SLO_BODY_TOO_LARGE', httpStatus: 413 });
    expect(answer.connection).toBe('close');
    await answer.closed;
  });

  it('a form POST declaring 1 GB: 413 SLO_BODY_TOO_LARGE in plain text', async () => {
    const answer = await postAndStall(
      live.sp.logoutUrl,
      { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '1000000000' },
      '',
    );
    expect(answer.status).toBe(413);
    expect(answer.body).toBe('SAML logout refused: SLO_BODY_TOO_LARGE\n');
    expect(answer.connection).toBe('close');
  });

  it('a SOAP body that stops arriving: 408 SLO_BODY_TIMEOUT after limits.bodyTimeoutMs, connection closed', async () => {
    const answer = await postAndStall(
      live.sp.logoutUrl,
      { 'content-type': 'text/xml; charset=utf-8', 'content-length': '100' },
      '<so',
    );
    expectSoap11Fault(answer, { code: 'SLO_BODY_TIMEOUT', httpStatus: 408 });
    expect(answer.connection).toBe('close');
    await answer.closed;
  });

  it('a form body that stops arriving: 408 SLO_BODY_TIMEOUT in plain text', async () => {
    const answer = await postAndStall(
      live.sp.logoutUrl,
      { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '100' },
      'SAMLRe',
    );
    expect(answer.status).toBe(408);
    expect(answer.body).toBe('SAML logout refused: SLO_BODY_TIMEOUT\n');
    expect(answer.connection).toBe('close');
  });

  it.each([
    ['a PUT', 'PUT', 'text/xml; charset=utf-8', 405, 'SLO_METHOD_NOT_ALLOWED'],
    ['a JSON POST', 'POST', 'application/json', 415, 'SLO_UNSUPPORTED_MEDIA_TYPE'],
  ])(
    '%s with a body still coming: refused without reading it, connection closed',
    async (_name, method, contentType, httpStatus, code) => {
      const answer = await postAndStall(
        live.sp.logoutUrl,
        { 'content-type': contentType, 'content-length': '100000' },
        '{"x":',
        method,
      );
      expectSoap11Fault(answer, { code, httpStatus });
      expect(answer.connection).toBe('close');
      await answer.closed;
    },
  );

  it('a valid logout still ends alice’s session after all of the above', async () => {
    await live.expectValidLogoutStillEndsAlicesSession();
  });
});
