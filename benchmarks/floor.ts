/**
 * The floor: only the work no back-channel logout can avoid, on bare node:http. One XML
 * parse (@xmldom/xmldom), exclusive c14n + SHA-256 digest + one RSA verify (xml-crypto's
 * ExclusiveCanonicalization, node:crypto with KeyObjects parsed once), one Redis round
 * trip (one EVALSHA: replay check + lookup + tombstone + destroy), one RSA sign (node:crypto
 * async sign), write the response. No Destination/time/issuer checks beyond the ID, no
 * logging, no hooks: it is a lower bound, not a usable implementation.
 */
import {
  X509Certificate,
  createHash,
  createPrivateKey,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DOMParser } from '@xmldom/xmldom';
import { ExclusiveCanonicalization } from 'xml-crypto';
import {
  IDP_ENTITY_ID,
  LOGOUT_URL,
  SESSION_PREFIX,
  SLO_PREFIX,
  SP_ENTITY_ID,
  SUCCESS,
  createIndex,
  keys,
  type Redis,
} from './common';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

/** KEYS: replay, sessions hash. ARGV: ttlMs, session prefix, tombstone prefix, sessionIndex. */
const SCRIPT = `
if not redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return -1 end
local vals = redis.call('HGETALL', KEYS[2])
local n = 0
for i = 1, #vals, 2 do
  if ARGV[4] == '' or string.find(vals[i + 1], ARGV[4], 1, true) then
    redis.call('DEL', ARGV[2] .. vals[i])
    redis.call('SET', ARGV[3] .. vals[i], '1', 'PX', ARGV[1])
    redis.call('HDEL', KEYS[2], vals[i])
    n = n + 1
  end
end
return n`;

type El = Element;

function childElements(el: El): El[] {
  const out: El[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as El);
  return out;
}

function child(el: El, ns: string, name: string): El {
  const found = childElements(el).find((c) => c.namespaceURI === ns && c.localName === name);
  if (!found) throw new Error(`missing ${name}`);
  return found;
}

export function floorHandler(client: Redis) {
  const idpKey = new X509Certificate(keys.idp.certificate).publicKey;
  const spKey = createPrivateKey(keys.sp.privateKey);
  const c14n = new ExclusiveCanonicalization();
  const index = createIndex(client);
  let sha: string | undefined;

  async function logout(body: string): Promise<string> {
    // `{}`: no locator (xmldom's default records a line and column per node; saml-slo does not).
    const doc = new DOMParser({}).parseFromString(body, 'text/xml');
    const envelope = doc.documentElement as El;
    const bodyEl = childElements(envelope)[0]!;
    const request = child(bodyEl, PROTOCOL, 'LogoutRequest');
    const id = request.getAttribute('ID') ?? '';
    const signature = child(request, DS, 'Signature');
    const signedInfo = child(signature, DS, 'SignedInfo');
    const reference = child(signedInfo, DS, 'Reference');
    if (reference.getAttribute('URI') !== `#${id}`) throw new Error('reference is not the request');
    const digestValue = child(reference, DS, 'DigestValue').textContent ?? '';
    const signatureValue = Buffer.from(
      child(signature, DS, 'SignatureValue').textContent!,
      'base64',
    );
    const canonicalSignedInfo = c14n.process(signedInfo, {});
    if (!verify('sha256', Buffer.from(canonicalSignedInfo), idpKey, signatureValue)) {
      throw new Error('bad signature');
    }
    request.removeChild(signature); // enveloped-signature transform
    const digest = createHash('sha256').update(c14n.process(request, {})).digest('base64');
    if (digest !== digestValue) throw new Error('bad digest');
    const nameID = child(request, ASSERTION, 'NameID');
    const sessionIndex = childElements(request).find((c) => c.localName === 'SessionIndex');
    const sessionsKey = index.sessionsKeyOf({
      issuer: IDP_ENTITY_ID,
      nameID: nameID.textContent ?? '',
      nameIDFormat: nameID.getAttribute('Format') ?? undefined,
    });
    const args = {
      keys: [`${SLO_PREFIX}floor-replay:${id}`, sessionsKey],
      arguments: [
        '600000',
        SESSION_PREFIX,
        `${SLO_PREFIX}floor-t:`,
        sessionIndex?.textContent ?? '',
      ],
    };
    if (!sha) sha = await client.scriptLoad(SCRIPT);
    const destroyed = Number(await client.evalSha(sha, args));
    if (destroyed < 0) throw new Error('replayed');
    return signedResponse(id);
  }

  function signedResponse(inResponseTo: string): Promise<string> {
    const id = `_${randomBytes(20).toString('hex')}`;
    const open =
      `<samlp:LogoutResponse xmlns:samlp="${PROTOCOL}" Destination="${LOGOUT_URL}" ID="${id}"` +
      ` InResponseTo="${inResponseTo}" IssueInstant="${new Date().toISOString()}" Version="2.0">` +
      `<saml:Issuer xmlns:saml="${ASSERTION}">${SP_ENTITY_ID}</saml:Issuer>`;
    const rest = `<samlp:Status><samlp:StatusCode Value="${SUCCESS}"></samlp:StatusCode></samlp:Status></samlp:LogoutResponse>`;
    // Built in canonical form already, so its digest needs no c14n pass.
    const digest = createHash('sha256').update(open).update(rest).digest('base64');
    const signedInfo =
      `<ds:SignedInfo xmlns:ds="${DS}"><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:CanonicalizationMethod>` +
      `<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"></ds:SignatureMethod>` +
      `<ds:Reference URI="#${id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></ds:Transform>` +
      `<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></ds:Transform></ds:Transforms>` +
      `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></ds:DigestMethod><ds:DigestValue>${digest}</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
    return new Promise((resolve, reject) =>
      sign('sha256', Buffer.from(signedInfo), spKey, (err, value) => {
        if (err) return reject(err);
        const signature = `<ds:Signature xmlns:ds="${DS}">${signedInfo.replace(` xmlns:ds="${DS}"`, '')}<ds:SignatureValue>${value.toString('base64')}</ds:SignatureValue></ds:Signature>`;
        const open2 = open.replace('</saml:Issuer>', `</saml:Issuer>${signature}`);
        resolve(
          `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${open2}${rest}</soap:Body></soap:Envelope>`,
        );
      }),
    );
  }

  return (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      logout(Buffer.concat(chunks).toString('utf8')).then(
        (xml) => {
          res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' });
          res.end(xml);
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(err));
        },
      );
    });
  };
}
