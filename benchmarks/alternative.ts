/**
 * The back-channel logout route a user would write today without saml-slo: unwrap the SOAP
 * Body, validate the LogoutRequest with node-saml, find the user's sessions by scanning the
 * store (connect-redis `all()`), destroy them, sign a LogoutResponse with xml-crypto.
 * (It keeps no replay cache: that only makes it faster than a complete implementation.)
 */
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { RedisStore } from 'connect-redis';
import { SAML } from '@node-saml/node-saml';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { LOGOUT_URL, SP_ENTITY_ID, SP_BASE_URL, SUCCESS, keys } from './common';

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';

interface StoredSession {
  id: string;
  passport?: { user?: { issuer?: string; nameID?: string; sessionIndex?: string } };
}

export function altHandler(store: RedisStore) {
  const saml = new SAML({
    idpCert: keys.idp.certificate,
    issuer: SP_ENTITY_ID,
    callbackUrl: `${SP_BASE_URL}/login/callback`,
    entryPoint: 'https://idp.bench/sso',
    audience: SP_ENTITY_ID,
    wantAuthnResponseSigned: true,
  });
  return async (req: Request, res: Response): Promise<void> => {
    try {
      const doc = new DOMParser().parseFromString(String(req.body), 'text/xml');
      const request = doc.getElementsByTagNameNS(PROTOCOL, 'LogoutRequest')[0];
      if (!request) throw new Error('no LogoutRequest in the SOAP Body');
      const xml = new XMLSerializer().serializeToString(request);
      const { profile } = await saml.validatePostRequestAsync({
        SAMLRequest: Buffer.from(xml, 'utf8').toString('base64'),
      });
      if (!profile) throw new Error('no profile');
      const sessions = (await store.all()) as StoredSession[];
      const wanted = profile.sessionIndex;
      const mine = sessions.filter((s) => {
        const user = s.passport?.user;
        return (
          user?.issuer === profile.issuer &&
          user.nameID === profile.nameID &&
          (!wanted || user.sessionIndex === wanted)
        );
      });
      await Promise.all(mine.map((s) => store.destroy(s.id)));
      const inResponseTo = (profile as { ID?: string }).ID ?? '';
      res.type('text/xml').send(soap(signedLogoutResponse(inResponseTo)));
    } catch (err) {
      res.status(500).type('text/plain').send(String(err));
    }
  };
}

function signedLogoutResponse(inResponseTo: string): string {
  const id = `_${randomBytes(20).toString('hex')}`;
  const xml =
    `<samlp:LogoutResponse xmlns:samlp="${PROTOCOL}" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
    ` ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}"` +
    ` Destination="${LOGOUT_URL}" InResponseTo="${inResponseTo}">` +
    `<saml:Issuer>${SP_ENTITY_ID}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${SUCCESS}"/></samlp:Status></samlp:LogoutResponse>`;
  const sig = new SignedXml({
    privateKey: keys.sp.privateKey,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: "//*[local-name(.)='LogoutResponse']",
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, {
    location: { reference: "//*[local-name(.)='Issuer']", action: 'after' },
  });
  return sig.getSignedXml();
}

function soap(body: string): string {
  return `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;
}
