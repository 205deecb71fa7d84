import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import session from 'express-session';
import { SamlStatus, createSlo } from '../../lib';
import { createTestIdp, type TestIdp } from '../../lib/testing';
import { keys } from '../support/keys';

/** Sends one raw request line (targets fetch would refuse or rewrite) and returns the reply. */
function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let reply = '';
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error(`no reply to GET ${target}`));
    });
    socket.on('data', (chunk) => (reply += chunk.toString('latin1')));
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
    socket.connect(port, '127.0.0.1', () =>
      socket.write(`GET ${target} HTTP/1.1\r\nHost: sp.test\r\nConnection: close\r\n\r\n`),
    );
  });
}

/**
 * `slo.router()` is a connect-style handler: outside Express there is no `req.path`, and the
 * router reads the path from `req.url` itself. Request targets that are not valid URL paths
 * must reach `next()`, never throw out of the handler (which would crash a node:http server).
 */
describe('slo.router() on a plain node:http server (no Express)', () => {
  let server: Server;
  let base: string;
  let idp: TestIdp;
  const handed: string[] = [];

  beforeAll(async () => {
    idp = await createTestIdp({ ...keys.idp, entityID: 'https://idp.test/metadata' });
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const slo = createSlo({
      sp: { entityID: `${base}/saml/metadata`, baseUrl: base, ...keys.sp },
      idps: [{ entityID: idp.entityID, signingCertificates: idp.certificate }],
      store: new session.MemoryStore(),
    });
    const router = slo.router();
    server.on('request', (req, res) =>
      router(req, res, () => {
        handed.push(req.url ?? '');
        res.statusCode = 404;
        res.end('not saml-slo');
      }),
    );
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it.each(['//', '//[', '/\\', '/x/../saml/logout', '/saml/logout/', 'http://[bad/saml/logout'])(
    'hands %p to next()',
    async (target) => {
      const reply = await rawGet((server.address() as AddressInfo).port, target);
      expect(reply).toMatch(/^HTTP\/1\.1 404 /);
      expect(reply).toContain('not saml-slo');
      expect(handed).toContain(target);
    },
  );

  it('serves the metadata to an absolute-form target (as a forward proxy sends it)', async () => {
    const port = (server.address() as AddressInfo).port;
    const reply = await rawGet(port, `http://sp.test:${port}/saml/metadata?x=1`);
    expect(reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(reply).toContain('EntityDescriptor');
  });

  it('serves the metadata, with or without a query string', async () => {
    for (const path of ['/saml/metadata', '/saml/metadata?cache=1']) {
      const reply = await fetch(`${base}${path}`);
      expect(reply.status).toBe(200);
      expect(await reply.text()).toContain('EntityDescriptor');
    }
  });

  it('answers a SOAP LogoutRequest with a signed Success', async () => {
    const request = idp.buildSoapLogoutRequest({
      destination: `${base}/saml/logout`,
      nameID: 'alice@example.com',
    });
    const reply = await fetch(`${base}/saml/logout`, {
      method: 'POST',
      headers: {
        'content-type': request.contentType,
        soapaction: 'http://www.oasis-open.org/committees/security',
      },
      body: request.envelope,
    });
    expect(reply.status).toBe(200);
    expect(idp.readLogoutResponse(await reply.text(), keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      inResponseTo: request.id,
      status: SamlStatus.Success,
    });
  });
});
