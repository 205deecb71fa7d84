import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * The configured IdPs whose pinned certificate the TLS client presented (mutual TLS on the
 * SOAP endpoint), matched by SHA-256 fingerprint. Empty when the connection is not TLS or
 * the client sent no certificate. Chain validation is not what authenticates the IdP here:
 * the exact certificate pinned in configuration (or metadata) is, so self-signed IdP
 * certificates work — create the HTTPS server with `requestCert: true,
 * rejectUnauthorized: false`.
 *
 * @example
 * ```ts
 * const idps = tlsClientIdps(req, pins); // Set { 'https://idp.example.com/metadata' }
 * ```
 */
export function tlsClientIdps(
  req: IncomingMessage,
  pins: ReadonlyMap<string, ReadonlySet<string>>,
): Set<string> {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== 'function') return new Set();
  const peer = socket.getPeerCertificate();
  const fingerprint = peer && 'fingerprint256' in peer ? peer.fingerprint256 : undefined;
  return new Set(fingerprint ? (pins.get(fingerprint) ?? []) : []);
}
