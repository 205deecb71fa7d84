import fc from 'fast-check';
import {
  buildLogoutRequest,
  type LogoutRequestInput,
} from '../../../../lib/protocol/logout-request/build-logout-request';
import { verifyEnvelopedSignature } from '../../../../lib/protocol/xml-signature/verify-enveloped-signature';
import { NS } from '../../../../lib/protocol/xml/namespaces';
import { parseUntrustedXml } from '../../../../lib/protocol/xml/parse-xml';
import {
  bothSignatures,
  canonicalFormOf,
  instants,
  signing,
  spPublicKey,
  unsignedOf,
  xmlCryptoAccepts,
  xmlText,
  xmlsec1Verdicts,
} from '../support/canonical-form';

/**
 * buildLogoutRequest (SP-initiated logout) writes its message in exclusive canonical form
 * and signs that text as it is (no DOM), as buildLogoutResponse does. These tests hold it
 * to that form for any values, and check its signature is the one the DOM signer makes and
 * independent verifiers accept.
 */
const inputs: fc.Arbitrary<LogoutRequestInput> = fc.record(
  {
    // An xsd:ID, as RequestIds makes them (a Reference URI names it).
    id: fc.stringMatching(/^_[A-Za-z0-9_.-]{1,40}$/),
    issuer: xmlText,
    destination: xmlText,
    nameID: xmlText,
    nameIDFormat: xmlText,
    nameQualifier: xmlText,
    spNameQualifier: xmlText,
    sessionIndexes: fc.array(xmlText, { maxLength: 3 }),
    now: instants,
    validForMs: fc.integer({ min: 1, max: 86_400_000 }),
  },
  {
    requiredKeys: ['id', 'issuer', 'destination', 'nameID', 'sessionIndexes', 'now', 'validForMs'],
  },
);

describe('an SP-initiated LogoutRequest is written in exclusive canonical form', () => {
  it('unsigned: exclusive c14n of the parsed message gives back the very text, for any values', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const xml = await buildLogoutRequest(input, undefined);
        expect(canonicalFormOf(xml)).toBe(xml);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every value as given, through a parser', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const root = parseUntrustedXml(await buildLogoutRequest(input, undefined)).documentElement;
        expect(root.getAttribute('ID')).toBe(input.id);
        expect(root.getAttribute('Destination')).toBe(input.destination);
        expect(root.getElementsByTagNameNS(NS.saml, 'Issuer')[0]!.textContent).toBe(input.issuer);
        const nameID = root.getElementsByTagNameNS(NS.saml, 'NameID')[0]!;
        expect(nameID.textContent).toBe(input.nameID);
        expect(nameID.getAttribute('Format')).toBe(input.nameIDFormat ?? '');
        expect(nameID.getAttribute('NameQualifier')).toBe(input.nameQualifier ?? '');
        expect(nameID.getAttribute('SPNameQualifier')).toBe(input.spNameQualifier ?? '');
        const indexes = root.getElementsByTagNameNS(NS.samlp, 'SessionIndex');
        expect(Array.from({ length: indexes.length }, (_, i) => indexes[i]!.textContent)).toEqual(
          input.sessionIndexes,
        );
        expect(Date.parse(root.getAttribute('NotOnOrAfter')!)).toBe(
          input.now.getTime() + input.validForMs,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('signed: our verifier and xml-crypto accept it, and it is the canonical form its digest covers', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const xml = await buildLogoutRequest(input, signing);
        expect(canonicalFormOf(xml)).toBe(unsignedOf(xml));
        const root = parseUntrustedXml(xml).documentElement;
        expect(() =>
          verifyEnvelopedSignature(root, [spPublicKey], { allowSha1: false }),
        ).not.toThrow();
        expect(xmlCryptoAccepts(xml)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('makes the very signature the DOM signer (signEnveloped) makes of the same message', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const xml = await buildLogoutRequest(input, signing);
        const { signedAsText, signedByDom } = await bothSignatures(xml);
        expect(signedAsText).toBe(signedByDom);
      }),
      { numRuns: 20 },
    );
  });

  it('xmlsec1 verifies one whose values hold every character c14n escapes, and refuses it tampered', async () => {
    const nasty = 'a&b<c>d"e\'f\tg\nh\ri]]>j&amp;k';
    const xml = await buildLogoutRequest(
      {
        id: '_request-1',
        issuer: `https://sp.test/${nasty}`,
        destination: `https://idp.test/slo?${nasty}`,
        nameID: nasty,
        nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        nameQualifier: nasty,
        sessionIndexes: [nasty, '_s2'],
        now: new Date('2026-12-01T00:00:00Z'),
        validForMs: 300_000,
      },
      signing,
    );
    const { run, changed, tampered } = xmlsec1Verdicts(xml, `${NS.samlp}:LogoutRequest`);
    expect(run.output).toMatch(/^OK$/m);
    expect(run.ok).toBe(true);
    expect(changed).toBe(true);
    expect(tampered.ok).toBe(false);
  });
});
