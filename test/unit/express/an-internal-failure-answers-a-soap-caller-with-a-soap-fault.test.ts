import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSloRouter, type RouterSettings } from '../../../lib/express/slo-router';
import type { LogoutResponder } from '../../../lib/protocol/logout/respond-to-logout-request';
import type { SpLogoutSettings } from '../../../lib/protocol/sp-initiated/sp-logout-settings';
import { DEFAULT_XML_LIMITS } from '../../../lib/protocol/xml/parse-xml';
import { createTestIdp } from '../../../lib/testing';
import { keys } from '../../support/keys';

// The router's last resort, for a failure nothing else caught (here a responder that throws
// on use): a SOAP caller still gets a SOAP Fault (soap:Server, SLO_INTERNAL), as for every
// other refusal, and a browser a plain 500 naming the code; nothing internal is sent.

const logged: Record<string, unknown>[] = [];
const failing = new Proxy({} as LogoutResponder, {
  get(_target, property) {
    if (property === 'logger') {
      return {
        debug() {},
        info() {},
        warn() {},
        error: (o: Record<string, unknown>) => logged.push(o),
      };
    }
    throw new Error(`responder.${String(property)} broke`);
  },
});

let server: Server;
let url: string;
beforeAll(async () => {
  const settings: RouterSettings = {
    logoutPath: '/saml/logout',
    metadataPath: '/saml/metadata',
    maxBodyBytes: 262_144,
    bodyTimeoutMs: 10_000,
    xmlLimits: DEFAULT_XML_LIMITS,
    responder: failing,
    spLogout: {} as SpLogoutSettings,
    metadata: () => Promise.reject(new Error('metadata broke')),
    logger: {
      debug() {},
      info() {},
      warn() {},
      error: (o: Record<string, unknown>) => logged.push(o),
    },
  };
  const router = createSloRouter(settings);
  server = createServer((req, res) => router(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

it('a SOAP 1.1 LogoutRequest: HTTP 500, a SOAP Fault soap:Server naming SLO_INTERNAL', async () => {
  const idp = await createTestIdp({ ...keys.idp, entityID: 'https://idp.test/metadata' });
  const request = idp.buildSoapLogoutRequest({
    destination: `${url}/saml/logout`,
    nameID: 'alice',
  });
  const reply = await fetch(`${url}/saml/logout`, {
    method: 'POST',
    headers: { 'content-type': request.contentType },
    body: request.envelope,
  });
  const body = await reply.text();
  expect(reply.status).toBe(500);
  expect(reply.headers.get('content-type')).toMatch(/^text\/xml\b/);
  expect(body).toContain('<faultcode>soap:Server</faultcode>');
  expect(body).toContain('<faultstring>SLO_INTERNAL</faultstring>');
  expect(body).not.toContain('broke');
  expect(logged).toContainEqual(expect.objectContaining({ event: 'saml_slo.internal_error' }));
});

it('the metadata endpoint failing: a plain 500 naming SLO_INTERNAL', async () => {
  const reply = await fetch(`${url}/saml/metadata`);
  expect(reply.status).toBe(500);
  expect(await reply.text()).toBe('SAML logout refused: SLO_INTERNAL\n');
});
