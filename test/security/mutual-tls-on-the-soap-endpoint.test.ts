import { request as httpsRequest, createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { createSlo, type Slo } from '../../lib';
import { createTestIdp, type TestIdp } from '../../lib/testing';
import { keys } from '../support/keys';

/**
 * `security.soapClientCertificate`: the SOAP endpoint, served over real HTTPS, requires a
 * TLS client certificate pinned for a configured IdP (openssl-made fixtures), and refuses
 * anything else before reading the body.
 */
describe('mutual TLS on the SOAP endpoint', () => {
  const IDP_A = 'https://idp-a.test/metadata';
  const IDP_B = 'https://idp-b.test/metadata';
  let server: Server;
  let baseUrl: string;
  let slo: Slo;
  let store: session.MemoryStore;
  let idpA: TestIdp;

  beforeAll(async () => {
    server = createServer({ ...tls(keys.sp), requestCert: true, rejectUnauthorized: false });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    store = new session.MemoryStore();
    slo = createSlo({
      sp: { entityID: `${baseUrl}/saml/metadata`, baseUrl, ...keys.sp },
      idps: [
        { entityID: IDP_A, signingCertificates: keys.idp.certificate },
        // IdP B signs with the "other" key and is pinned for TLS with it too (the default).
        { entityID: IDP_B, signingCertificates: keys.other.certificate },
      ],
      store,
      security: { soapClientCertificate: true },
    });
    const app = express();
    app.use(session({ store: slo.store, secret: 'test', resave: false, saveUninitialized: false }));
    app.use(slo.router());
    server.on('request', app);
    idpA = await createTestIdp({ entityID: IDP_A, ...keys.idp });
  });
  afterAll(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  async function loggedInSession(sid: string, sessionIndex: string): Promise<void> {
    const login = { issuer: IDP_A, nameID: 'alice@example.com', sessionIndexes: [sessionIndex] };
    await new Promise<void>((resolve, reject) =>
      store.set(sid, { cookie: { originalMaxAge: null }, samlSlo: login } as never, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    await slo.sessionIndex.add(sid, login);
  }

  const stored = (sid: string) =>
    new Promise((resolve) => store.get(sid, (_err, data) => resolve(data ?? null)));

  function postSoap(
    envelope: string,
    clientCertificate?: { privateKey: string; certificate: string },
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const url = new URL(`${baseUrl}/saml/logout`);
      const req = httpsRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          rejectUnauthorized: false,
          headers: { 'content-type': 'text/xml; charset=utf-8' },
          ...(clientCertificate ? tls(clientCertificate) : {}),
        },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end(envelope);
    });
  }

  const logoutFor = (sessionIndex: string) =>
    idpA.buildSoapLogoutRequest({
      destination: `${baseUrl}/saml/logout`,
      nameID: 'alice@example.com',
      sessionIndexes: [sessionIndex],
    }).envelope;

  it('ends the session when the IdP presents its pinned certificate', async () => {
    await loggedInSession('sid-ok', '_ok');
    const reply = await postSoap(logoutFor('_ok'), keys.idp);
    expect(reply.status).toBe(200);
    expect(idpA.readLogoutResponse(reply.body, keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      status: 'urn:oasis:names:tc:SAML:2.0:status:Success',
    });
    expect(await stored('sid-ok')).toBeNull();
  });

  it('refuses a request without a client certificate with 403 before parsing, no session ended', async () => {
    await loggedInSession('sid-none', '_none');
    const reply = await postSoap(logoutFor('_none'));
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('<faultstring>SLO_CLIENT_CERTIFICATE_REQUIRED</faultstring>');
    expect(await stored('sid-none')).not.toBeNull();
  });

  it('refuses a body that is not even XML the same way: the certificate is checked first', async () => {
    const reply = await postSoap('not xml at all');
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('SLO_CLIENT_CERTIFICATE_REQUIRED');
  });

  it('refuses an unpinned client certificate', async () => {
    await loggedInSession('sid-unpinned', '_unpinned');
    const unpinned = { privateKey: keys.sp.privateKey, certificate: keys.sp.certificate };
    const reply = await postSoap(logoutFor('_unpinned'), unpinned);
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('SLO_CLIENT_CERTIFICATE_REQUIRED');
    expect(await stored('sid-unpinned')).not.toBeNull();
  });

  it("refuses IdP B's certificate carrying IdP A's LogoutRequest", async () => {
    await loggedInSession('sid-mismatch', '_mismatch');
    const reply = await postSoap(logoutFor('_mismatch'), keys.other);
    expect(reply.status).toBe(403);
    expect(reply.body).toContain('SLO_CLIENT_CERTIFICATE_MISMATCH');
    expect(await stored('sid-mismatch')).not.toBeNull();
  });
});

function tls(pair: { privateKey: string; certificate: string }): { key: string; cert: string } {
  return { key: pair.privateKey, cert: pair.certificate };
}
