import { DOMParser } from '@xmldom/xmldom';
import type { SpHarness } from '../../support/sp-app';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';

/** GET /saml/metadata as an IdP would fetch it. */
export async function fetchMetadata(
  sp: SpHarness,
): Promise<{ status: number; contentType: string; xml: string }> {
  const reply = await fetch(`${sp.baseUrl}/saml/metadata`);
  return {
    status: reply.status,
    contentType: reply.headers.get('content-type') ?? '',
    xml: await reply.text(),
  };
}

/** The SingleLogoutService elements of SP metadata: binding URI, Location, ResponseLocation. */
export function singleLogoutServices(
  xml: string,
): { binding: string; location: string; responseLocation: string | null }[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const services = doc.getElementsByTagNameNS(MD, 'SingleLogoutService');
  return Array.from({ length: services.length }, (_, i) => services.item(i)!).map((el) => ({
    binding: el.getAttribute('Binding') ?? '',
    location: el.getAttribute('Location') ?? '',
    responseLocation: el.hasAttribute('ResponseLocation')
      ? el.getAttribute('ResponseLocation')
      : null,
  }));
}

export const BINDING = {
  soap: 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP',
  redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
  post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
} as const;
