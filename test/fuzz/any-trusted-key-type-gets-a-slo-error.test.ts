import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { decodeRedirectQuery, verifyRedirectSignature } from '../../lib/bindings/redirect';
import { unwrapSoapEnvelope } from '../../lib/bindings/soap';
import { verifyLogoutRequest } from '../../lib/protocol/logout-request/verify-logout-request';
import { DEFAULT_XML_LIMITS, parseUntrustedXml } from '../../lib/protocol/xml/parse-xml';
import { keys } from '../support/keys';
import { fuzzParameters } from './support/fuzz-settings';
import { outcomeOf } from './support/outcome';
import {
  IDP_ENTITY_ID,
  fixtureIdp,
  freshContext,
  signedLogoutRequest,
  signedRedirectQuery,
} from './support/signed-messages';

// createSlo takes any X.509 certificate as an IdP signing certificate. Whatever its key
// type, a message signed by someone else must be refused with a SloError, in both the
// XML-signature (SOAP, POST) and the query-signature (Redirect) checks.
const KEY_TYPES = ['rsa', 'ec', 'ed25519', 'ed448'] as const;

function publicKeyOf(type: (typeof KEY_TYPES)[number]): KeyObject {
  switch (type) {
    case 'rsa':
      return createPublicKey(keys.other.certificate);
    case 'ec':
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    case 'ed25519':
      return generateKeyPairSync('ed25519').publicKey;
    case 'ed448':
      return generateKeyPairSync('ed448').publicKey;
  }
}

let envelope: string;
let query: string;
const trusted = new Map<string, KeyObject>();

beforeAll(async () => {
  const idp = await fixtureIdp();
  envelope = signedLogoutRequest(idp).envelope;
  query = signedRedirectQuery(idp);
  for (const type of KEY_TYPES) trusted.set(type, publicKeyOf(type));
});

test('a message signed with another key is refused with a SloError, whatever the trusted key type', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...KEY_TYPES),
      fc.constantFrom('soap' as const, 'redirect' as const),
      async (type, binding) => {
        const signingKeys = [trusted.get(type)!];
        const context = {
          ...freshContext(),
          idps: new Map([[IDP_ENTITY_ID, { entityID: IDP_ENTITY_ID, signingKeys }]]),
        };
        const outcome = await outcomeOf(async () => {
          if (binding === 'redirect') {
            const message = decodeRedirectQuery(query, DEFAULT_XML_LIMITS.maxChars);
            verifyRedirectSignature(message, signingKeys, context.algorithmPolicy);
            return message;
          }
          return verifyLogoutRequest(
            unwrapSoapEnvelope(parseUntrustedXml(envelope)).message,
            context,
          );
        });
        expect(outcome.accepted).toBe(false);
      },
    ),
    fuzzParameters(40),
  );
});
