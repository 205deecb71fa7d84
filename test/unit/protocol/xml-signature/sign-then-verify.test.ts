import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { XMLSerializer } from '@xmldom/xmldom';
import { SamlStatus, SloErrorCode } from '../../../../lib/errors';
import { buildLogoutResponse } from '../../../../lib/protocol/logout-response/build-logout-response';
import {
  XmlDsigAlgorithm,
  type SigningAlgorithmName,
} from '../../../../lib/protocol/xml-signature/algorithms';
import {
  signEnveloped,
  type SigningCredentials,
} from '../../../../lib/protocol/xml-signature/sign-enveloped';
import { verifyEnvelopedSignature } from '../../../../lib/protocol/xml-signature/verify-enveloped-signature';
import { childElements } from '../../../../lib/protocol/xml/dom';
import { NS } from '../../../../lib/protocol/xml/namespaces';
import { parseUntrustedXml } from '../../../../lib/protocol/xml/parse-xml';
import { keys } from '../../../support/keys';
import { xmlsec1Verify } from '../../../support/xmlsec1';
import { caughtSloErrorSync } from '../../support/slo-error';

const LOGOUT_RESPONSE_NODE = `${NS.samlp}:LogoutResponse`;
const spPublicKey = createPublicKey(keys.sp.certificate);
const otherPublicKey = createPublicKey(keys.other.certificate);
const strict = { allowSha1: false };

function credentials(algorithm: SigningAlgorithmName): SigningCredentials {
  return {
    privateKey: createPrivateKey(keys.sp.privateKey),
    certificateBase64: new X509Certificate(keys.sp.certificate).raw.toString('base64'),
    algorithm,
  };
}

function unsignedLogoutResponse(id = '_resp1'): Element {
  return parseUntrustedXml(
    `<samlp:LogoutResponse xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${id}" Version="2.0" IssueInstant="2026-01-01T00:00:00.000Z" InResponseTo="_req1">` +
      `<saml:Issuer>https://sp.test/metadata</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="${SamlStatus.Success}"/></samlp:Status>` +
      `</samlp:LogoutResponse>`,
  ).documentElement;
}

function serialize(element: Element): string {
  return new XMLSerializer().serializeToString(element.ownerDocument);
}

function reparse(xml: string): Element {
  return parseUntrustedXml(xml).documentElement;
}

const ALGORITHMS: ReadonlyArray<[SigningAlgorithmName, string, string]> = [
  ['rsa-sha256', XmlDsigAlgorithm.rsaSha256, XmlDsigAlgorithm.sha256],
  ['rsa-sha384', XmlDsigAlgorithm.rsaSha384, XmlDsigAlgorithm.sha384],
  ['rsa-sha512', XmlDsigAlgorithm.rsaSha512, XmlDsigAlgorithm.sha512],
];

describe('signEnveloped then verifyEnvelopedSignature', () => {
  describe.each(ALGORITHMS)('%s', (algorithm, signatureUri, digestUri) => {
    it('round-trips on the signed DOM itself', async () => {
      const element = unsignedLogoutResponse();
      await signEnveloped(element, credentials(algorithm));
      expect(() => verifyEnvelopedSignature(element, [spPublicKey], strict)).not.toThrow();
    });

    it('round-trips after serializing and parsing again', async () => {
      const element = unsignedLogoutResponse();
      await signEnveloped(element, credentials(algorithm));
      expect(() =>
        verifyEnvelopedSignature(reparse(serialize(element)), [spPublicKey], strict),
      ).not.toThrow();
    });

    it('names the chosen signature and digest algorithms', async () => {
      const element = unsignedLogoutResponse();
      await signEnveloped(element, credentials(algorithm));
      const signature = element.getElementsByTagNameNS(NS.ds, 'Signature')[0]!;
      const method = signature.getElementsByTagNameNS(NS.ds, 'SignatureMethod')[0]!;
      const digest = signature.getElementsByTagNameNS(NS.ds, 'DigestMethod')[0]!;
      expect(method.getAttribute('Algorithm')).toBe(signatureUri);
      expect(digest.getAttribute('Algorithm')).toBe(digestUri);
    });

    it('is verified by xmlsec1 (a LogoutResponse built by buildLogoutResponse)', async () => {
      const { xml } = await buildLogoutResponse(
        {
          issuer: 'https://sp.test/metadata',
          inResponseTo: '_req1',
          destination: 'https://idp.test/slo',
          status: SamlStatus.Responder,
          subStatus: SamlStatus.PartialLogout,
          statusMessage: 'SLO_SESSION_DESTROY_FAILED & <friends>',
          now: new Date('2026-01-01T00:00:00Z'),
        },
        credentials(algorithm),
      );
      const result = xmlsec1Verify(xml, keys.sp.certificate, LOGOUT_RESPONSE_NODE);
      expect(result).toEqual({ ok: true, output: expect.stringContaining('OK') });
      expect(() => verifyEnvelopedSignature(reparse(xml), [spPublicKey], strict)).not.toThrow();
    });

    it('is refused with another key (SLO_SIGNATURE_INVALID)', async () => {
      const element = unsignedLogoutResponse();
      await signEnveloped(element, credentials(algorithm));
      const err = caughtSloErrorSync(() =>
        verifyEnvelopedSignature(reparse(serialize(element)), [otherPublicKey], strict),
      );
      expect(err.code).toBe(SloErrorCode.SignatureInvalid);
    });
  });

  it('verifies when the right key is any of several trusted keys (rollover)', async () => {
    const element = unsignedLogoutResponse();
    await signEnveloped(element, credentials('rsa-sha256'));
    expect(() =>
      verifyEnvelopedSignature(element, [otherPublicKey, spPublicKey], strict),
    ).not.toThrow();
  });

  it('xmlsec1 refuses the output when checked against another certificate', async () => {
    const { xml } = await buildLogoutResponse(
      { issuer: 'https://sp.test/metadata', status: SamlStatus.Success, now: new Date() },
      credentials('rsa-sha256'),
    );
    expect(xmlsec1Verify(xml, keys.other.certificate, LOGOUT_RESPONSE_NODE).ok).toBe(false);
  });

  it('places the signature right after saml:Issuer', async () => {
    const element = unsignedLogoutResponse();
    await signEnveloped(element, credentials('rsa-sha256'));
    expect(childElements(element).map((e) => `${e.namespaceURI} ${e.localName}`)).toEqual([
      `${NS.saml} Issuer`,
      `${NS.ds} Signature`,
      `${NS.samlp} Status`,
    ]);
  });

  it('places the signature right after saml:Issuer in buildLogoutResponse output', async () => {
    const { id, xml } = await buildLogoutResponse(
      { issuer: 'https://sp.test/metadata', status: SamlStatus.Success, now: new Date() },
      credentials('rsa-sha256'),
    );
    const root = reparse(xml);
    expect(root.getAttribute('ID')).toBe(id);
    expect(childElements(root).map((e) => e.localName)).toEqual(['Issuer', 'Signature', 'Status']);
  });

  it('makes the signature the first child when there is no Issuer', async () => {
    const element = parseUntrustedXml(
      `<samlp:LogoutResponse xmlns:samlp="${NS.samlp}" ID="_r" Version="2.0"><samlp:Status/></samlp:LogoutResponse>`,
    ).documentElement;
    await signEnveloped(element, credentials('rsa-sha256'));
    expect(childElements(element).map((e) => e.localName)).toEqual(['Signature', 'Status']);
    expect(() => verifyEnvelopedSignature(element, [spPublicKey], strict)).not.toThrow();
  });

  it('references the element by "#" + its ID and carries the certificate in KeyInfo', async () => {
    const element = unsignedLogoutResponse('_abc');
    const creds = credentials('rsa-sha256');
    await signEnveloped(element, creds);
    const reference = element.getElementsByTagNameNS(NS.ds, 'Reference')[0]!;
    const certificate = element.getElementsByTagNameNS(NS.ds, 'X509Certificate')[0]!;
    expect(reference.getAttribute('URI')).toBe('#_abc');
    expect(certificate.textContent).toBe(creds.certificateBase64);
  });

  it('refuses to sign an element without an ID', async () => {
    const element = parseUntrustedXml(
      `<samlp:LogoutResponse xmlns:samlp="${NS.samlp}"/>`,
    ).documentElement;
    await expect(signEnveloped(element, credentials('rsa-sha256'))).rejects.toThrow(TypeError);
  });

  it('detects a change made after signing (SLO_SIGNATURE_INVALID)', async () => {
    const element = unsignedLogoutResponse();
    await signEnveloped(element, credentials('rsa-sha256'));
    const tampered = serialize(element).replace('https://sp.test/metadata', 'https://evil.test');
    const err = caughtSloErrorSync(() =>
      verifyEnvelopedSignature(reparse(tampered), [spPublicKey], strict),
    );
    expect(err.code).toBe(SloErrorCode.SignatureInvalid);
  });

  it('signs with rsa-sha1 only for peers that allow it (SLO_ALGORITHM_FORBIDDEN otherwise)', async () => {
    const element = unsignedLogoutResponse();
    await signEnveloped(element, credentials('rsa-sha1'));
    expect(
      caughtSloErrorSync(() => verifyEnvelopedSignature(element, [spPublicKey], strict)).code,
    ).toBe(SloErrorCode.AlgorithmForbidden);
    expect(() =>
      verifyEnvelopedSignature(element, [spPublicKey], { allowSha1: true }),
    ).not.toThrow();
  });
});
