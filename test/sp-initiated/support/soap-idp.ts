import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IdpLogoutResponseInput, LogoutRequestReadout, TestIdp } from '../../../lib/testing';
import { keys } from '../../support/keys';

/** The IdP's SOAP SingleLogoutService, a real HTTP server answering every LogoutRequest. */
export interface SoapIdp {
  readonly url: string;
  /** The LogoutRequests received, read and checked against the SP certificate. */
  readonly requests: LogoutRequestReadout[];
  /** The HTTP headers of each request received. */
  readonly headers: Record<string, string | string[] | undefined>[];
  close(): Promise<void>;
}

/**
 * Starts the IdP's SOAP endpoint on 127.0.0.1: it reads the SP's LogoutRequest from the
 * envelope and answers a signed LogoutResponse in a SOAP 1.1 envelope, `InResponseTo` = the
 * request's ID, status from `answer` (default Success).
 */
export async function startSoapIdp(
  idp: TestIdp,
  answer: (request: LogoutRequestReadout) => Partial<IdpLogoutResponseInput> = () => ({}),
): Promise<SoapIdp> {
  const requests: LogoutRequestReadout[] = [];
  const headers: SoapIdp['headers'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const request = idp.readLogoutRequest(
          { soapEnvelope: Buffer.concat(chunks).toString('utf8') },
          keys.sp.certificate,
        );
        requests.push(request);
        headers.push(req.headers);
        const { xml } = idp.buildLogoutResponse({ inResponseTo: request.id, ...answer(request) });
        const { envelope, contentType } = idp.soapLogoutResponse(xml);
        res.writeHead(200, { 'content-type': contentType }).end(envelope);
      } catch (err) {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slo/soap`,
    requests,
    headers,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A loopback URL where nothing listens (the port was free a moment ago). */
export async function unreachableUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/slo/soap`;
}
