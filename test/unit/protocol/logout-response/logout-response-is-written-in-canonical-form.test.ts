import fc from 'fast-check';
import { SamlStatus, type SamlStatusValue } from '../../../../lib/errors';
import {
  buildLogoutResponse,
  type LogoutResponseInput,
} from '../../../../lib/protocol/logout-response/build-logout-response';
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
 * buildLogoutResponse writes its message in exclusive canonical form and signs that text
 * as it is (no DOM). These tests hold it to that form for any values it may be given, and
 * check the signature it makes is the one the DOM signer and independent verifiers agree on.
 */
const statuses = Object.values(SamlStatus) as SamlStatusValue[];

const inputs: fc.Arbitrary<LogoutResponseInput> = fc.record(
  {
    issuer: xmlText,
    inResponseTo: xmlText,
    destination: xmlText,
    status: fc.constantFrom(...statuses),
    subStatus: fc.constantFrom(...statuses),
    statusMessage: xmlText,
    now: instants,
  },
  { requiredKeys: ['issuer', 'status', 'now'] },
);

describe('a LogoutResponse is written in exclusive canonical form', () => {
  it('unsigned: exclusive c14n of the parsed message gives back the very text, for any values', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const { xml } = await buildLogoutResponse(input, undefined);
        expect(canonicalFormOf(xml)).toBe(xml);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every value as given, through a parser', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const { xml } = await buildLogoutResponse(input, undefined);
        const root = parseUntrustedXml(xml).documentElement;
        expect(root.getAttribute('Destination')).toBe(input.destination ?? '');
        expect(root.getAttribute('InResponseTo')).toBe(input.inResponseTo ?? '');
        const issuer = root.getElementsByTagNameNS(NS.saml, 'Issuer')[0]!;
        expect(issuer.textContent).toBe(input.issuer);
        const message = root.getElementsByTagNameNS(NS.samlp, 'StatusMessage')[0];
        expect(message?.textContent).toBe(input.statusMessage);
      }),
      { numRuns: 300 },
    );
  });

  it('signed: the signed text, without its signature, is the canonical form its digest covers', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const { xml } = await buildLogoutResponse(input, signing);
        expect(canonicalFormOf(xml)).toBe(unsignedOf(xml));
        const root = parseUntrustedXml(xml).documentElement;
        expect(() =>
          verifyEnvelopedSignature(root, [spPublicKey], { allowSha1: false }),
        ).not.toThrow();
      }),
      { numRuns: 40 },
    );
  });

  it('signed: xml-crypto verifies it too (an independent verifier), for any values', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const { xml } = await buildLogoutResponse(input, signing);
        expect(xmlCryptoAccepts(xml)).toBe(true);
      }),
      { numRuns: 20 },
    );
  });

  it('makes the very signature the DOM signer (signEnveloped) makes of the same message', async () => {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const { xml } = await buildLogoutResponse(input, signing);
        const { signedAsText, signedByDom } = await bothSignatures(xml);
        expect(signedAsText).toBe(signedByDom);
      }),
      { numRuns: 20 },
    );
  });

  it('xmlsec1 verifies one whose values hold every character c14n escapes', async () => {
    const nasty = 'a&b<c>d"e\'f\tg\nh\ri]]>j&amp;k';
    const { xml } = await buildLogoutResponse(
      {
        issuer: `https://sp.test/${nasty}`,
        inResponseTo: `_${nasty}`,
        destination: `https://idp.test/slo?${nasty}`,
        status: SamlStatus.Responder,
        subStatus: SamlStatus.PartialLogout,
        statusMessage: nasty,
        now: new Date('2026-12-01T00:00:00Z'),
      },
      signing,
    );
    const { run, changed, tampered } = xmlsec1Verdicts(xml, `${NS.samlp}:LogoutResponse`);
    expect(run.output).toMatch(/^OK$/m);
    expect(run.ok).toBe(true);
    expect(changed).toBe(true);
    expect(tampered.ok).toBe(false);
  });
});
