import { escapeXml } from '../../../lib/testing';

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** An unsigned LogoutResponse as an SP would send it, built by hand for the tests. */
export function unsignedLogoutResponse(input: {
  id: string;
  inResponseTo: string;
  issuer: string;
  destination: string;
  status: string;
  subStatus?: string;
  statusMessage?: string;
}): string {
  const sub = input.subStatus ? `<samlp:StatusCode Value="${escapeXml(input.subStatus)}"/>` : '';
  const message = input.statusMessage
    ? `<samlp:StatusMessage>${escapeXml(input.statusMessage)}</samlp:StatusMessage>`
    : '';
  return (
    `<samlp:LogoutResponse xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="${input.id}" Version="2.0"` +
    ` IssueInstant="${new Date().toISOString()}" Destination="${escapeXml(input.destination)}"` +
    ` InResponseTo="${escapeXml(input.inResponseTo)}">` +
    `<saml:Issuer>${escapeXml(input.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${escapeXml(input.status)}">${sub}</samlp:StatusCode>` +
    `${message}</samlp:Status></samlp:LogoutResponse>`
  );
}
