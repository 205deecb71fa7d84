import { SloErrorCode, idpFromMetadata } from '../../lib';
import { keys } from '../support/keys';
import { requireXmlsec1, xmlsec1Sign } from '../support/xmlsec1';
import {
  der,
  feedIdp,
  idpEntityDescriptor,
  keyDescriptor,
  signatureTemplate,
  signedEntitiesDescriptor,
} from './support/idp-metadata';

const ENTITY_DESCRIPTOR = 'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor';
const ENTITIES_DESCRIPTOR = 'urn:oasis:names:tc:SAML:2.0:metadata:EntitiesDescriptor';
const SOAP_SLO =
  '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://idp.test/slo/soap"/>';

/** The metadata publisher's key (a federation operator, or the IdP's metadata key). */
const publisher = keys.other;
/** Anyone else. */
const attacker = keys.sp;

/** IdP metadata whose root EntityDescriptor has ID `_meta` and, optionally, a signature template. */
function idpMetadata(extra: { attributes?: string; signature?: string } = {}): string {
  return idpEntityDescriptor({
    entityID: 'https://idp.test/metadata',
    keyDescriptors: keyDescriptor(keys.idp.certificate, 'signing'),
    services: SOAP_SLO,
    attributes: ` ID="_meta"${extra.attributes ?? ''}`,
    ...(extra.signature === undefined ? {} : { signature: extra.signature }),
  });
}

/** An xs:dateTime `days` from now. */
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
/** Root attribute of signed fixtures: signed metadata must say when it expires. */
const VALID_FOR_A_DAY = ` validUntil="${daysAhead(1)}"`;

/**
 * The IdP metadata signed by xmlsec1 (an independent XML-DSig implementation), with a
 * `validUntil` a day ahead on its root unless `rootAttributes` says otherwise.
 */
function signedByXmlsec1(
  key = publisher.privateKey,
  options: { sha1?: boolean; certificateInKeyInfo?: string; rootAttributes?: string } = {},
): string {
  const template = idpMetadata({
    attributes: options.rootAttributes ?? VALID_FOR_A_DAY,
    signature: signatureTemplate('_meta', {
      ...(options.sha1 ? { sha1: true } : {}),
      keyInfo: options.certificateInKeyInfo !== undefined,
    }),
  });
  return xmlsec1Sign(template, key, ENTITY_DESCRIPTOR, options.certificateInKeyInfo);
}

const code = (expected: string) => expect.objectContaining({ code: expected });

describe("idpFromMetadata with signedBy: metadata is used only when its publisher's signature verifies", () => {
  beforeAll(() => requireXmlsec1());

  it('metadata signed by xmlsec1 with the publisher key is read; signedBy takes PEM or base64 DER, one or several', () => {
    const xml = signedByXmlsec1();
    const expected = {
      entityID: 'https://idp.test/metadata',
      signingCertificates: [der(keys.idp.certificate)],
      singleLogoutService: { soap: { location: 'https://idp.test/slo/soap' } },
      singleSignOnService: { redirect: { location: 'https://idp.test/sso' } },
    };
    expect(idpFromMetadata(xml, { signedBy: publisher.certificate })).toEqual(expected);
    expect(idpFromMetadata(xml, { signedBy: [der(publisher.certificate)] })).toEqual(expected);
    expect(
      idpFromMetadata(xml, { signedBy: [attacker.certificate, publisher.certificate] }),
    ).toEqual(expected);
  });

  it('a PEM bundle in signedBy counts every certificate in it', () => {
    const bundle = `${attacker.certificate.trim()}\n${publisher.certificate}`;
    expect(idpFromMetadata(signedByXmlsec1(), { signedBy: bundle }).entityID).toBe(
      'https://idp.test/metadata',
    );
  });

  it('signed by another key than signedBy names: SLO_SIGNATURE_INVALID', () => {
    expect(() =>
      idpFromMetadata(signedByXmlsec1(attacker.privateKey), { signedBy: publisher.certificate }),
    ).toThrow(code(SloErrorCode.SignatureInvalid));
  });

  it('a certificate in the signature KeyInfo is never trusted: an attacker signing with his own key and certificate is refused', () => {
    const forged = signedByXmlsec1(attacker.privateKey, {
      certificateInKeyInfo: attacker.certificate,
    });
    expect(forged).toContain(der(attacker.certificate).slice(0, 40));
    expect(() => idpFromMetadata(forged, { signedBy: publisher.certificate })).toThrow(
      code(SloErrorCode.SignatureInvalid),
    );
  });

  it('changed after signing (another SOAP logout location, another signing certificate): SLO_SIGNATURE_INVALID', () => {
    const xml = signedByXmlsec1();
    const otherLocation = xml.replace('https://idp.test/slo/soap', 'https://evil.test/slo');
    const otherKey = xml.replace(
      der(keys.idp.certificate).slice(0, 64),
      der(attacker.certificate).slice(0, 64),
    );
    for (const tampered of [otherLocation, otherKey]) {
      expect(tampered).not.toBe(xml);
      expect(() => idpFromMetadata(tampered, { signedBy: publisher.certificate })).toThrow(
        code(SloErrorCode.SignatureInvalid),
      );
    }
  });

  it('unsigned metadata is refused with SLO_SIGNATURE_MISSING when signedBy is given (and read without it)', () => {
    const unsigned = idpMetadata();
    expect(() => idpFromMetadata(unsigned, { signedBy: publisher.certificate })).toThrow(
      code(SloErrorCode.SignatureMissing),
    );
    expect(idpFromMetadata(unsigned).entityID).toBe('https://idp.test/metadata');
  });

  it('a signed EntityDescriptor placed inside an unsigned EntitiesDescriptor is refused: the signature must be on the root (SLO_SIGNATURE_WRAPPING)', () => {
    const signedEntity = signedByXmlsec1().replace(/^<\?xml[^>]*>\s*/, '');
    const wrapped = signedEntitiesDescriptor(
      {},
      signedEntity,
      feedIdp('https://evil.test/idp', attacker.certificate),
    );
    for (const entityID of ['https://idp.test/metadata', 'https://evil.test/idp']) {
      expect(() => idpFromMetadata(wrapped, { entityID, signedBy: publisher.certificate })).toThrow(
        code(SloErrorCode.SignatureWrapping),
      );
    }
  });

  describe('nothing outside the signed structure is read as an IdP (the ds:Signature subtree is not covered by the signature)', () => {
    const evilEntity =
      `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://victim.idp.test">` +
      `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
      keyDescriptor(attacker.certificate, 'signing') +
      `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" Location="https://evil.test/slo"/>` +
      `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://evil.test/phish"/>` +
      `</md:IDPSSODescriptor></md:EntityDescriptor>`;
    const signedWithKeyInfo = () =>
      signedByXmlsec1(publisher.privateKey, { certificateInKeyInfo: publisher.certificate });

    it('an IdP added inside KeyInfo after signing: the signature still verifies, and that IdP is never read', () => {
      const injected = signedWithKeyInfo().replace('</ds:KeyInfo>', `${evilEntity}</ds:KeyInfo>`);
      expect(injected).toContain('https://victim.idp.test');
      expect(() =>
        idpFromMetadata(injected, {
          entityID: 'https://victim.idp.test',
          signedBy: publisher.certificate,
        }),
      ).toThrow(
        expect.objectContaining({
          code: SloErrorCode.OptionInvalid,
          message: expect.stringContaining('no IdP'),
        }),
      );
      // Without an entityID, the one IdP of the signed structure is read, not the injected one.
      expect(idpFromMetadata(injected, { signedBy: publisher.certificate })).toMatchObject({
        entityID: 'https://idp.test/metadata',
        signingCertificates: [der(keys.idp.certificate)],
        singleSignOnService: { redirect: { location: 'https://idp.test/sso' } },
      });
    });

    it('an element added as a child of ds:Signature: SLO_SIGNATURE_WRAPPING', () => {
      const injected = signedWithKeyInfo().replace(
        '</ds:Signature>',
        `${evilEntity}</ds:Signature>`,
      );
      expect(() =>
        idpFromMetadata(injected, {
          entityID: 'https://victim.idp.test',
          signedBy: publisher.certificate,
        }),
      ).toThrow(code(SloErrorCode.SignatureWrapping));
    });

    it('a signed document with no IdP of that name (an SP entity) plus an IdP in its KeyInfo: no IdP', () => {
      const spTemplate =
        `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sp.test" ID="_sp"${VALID_FOR_A_DAY}>` +
        signatureTemplate('_sp', { keyInfo: true }) +
        `<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
        `<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://sp.test/acs" index="0"/>` +
        `</md:SPSSODescriptor></md:EntityDescriptor>`;
      const signed = xmlsec1Sign(
        spTemplate,
        publisher.privateKey,
        ENTITY_DESCRIPTOR,
        publisher.certificate,
      );
      const injected = signed.replace('</ds:KeyInfo>', `${evilEntity}</ds:KeyInfo>`);
      expect(() => idpFromMetadata(injected, { signedBy: publisher.certificate })).toThrow(
        code(SloErrorCode.OptionInvalid),
      );
    });

    it('a root that is not md:EntityDescriptor or md:EntitiesDescriptor (a signed LogoutRequest, say): SLO_MESSAGE_UNEXPECTED', () => {
      const notMetadata =
        `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" ID="_r" Version="2.0" IssueInstant="2026-12-02T00:00:00Z">` +
        `<samlp:Extensions>${evilEntity}</samlp:Extensions></samlp:LogoutRequest>`;
      for (const options of [{}, { signedBy: publisher.certificate }]) {
        expect(() => idpFromMetadata(notMetadata, options)).toThrow(
          code(SloErrorCode.MessageUnexpected),
        );
      }
    });

    it('an IdP inside md:Extensions of a signed feed is not read either', () => {
      const template = signedEntitiesDescriptor(
        {
          attributes: ` ID="_feed"${VALID_FOR_A_DAY}`,
          signature: signatureTemplate('_feed') + `<md:Extensions>${evilEntity}</md:Extensions>`,
        },
        feedIdp('https://a.idp.test', keys.idp.certificate),
      );
      const feed = xmlsec1Sign(template, publisher.privateKey, ENTITIES_DESCRIPTOR);
      expect(idpFromMetadata(feed, { signedBy: publisher.certificate }).entityID).toBe(
        'https://a.idp.test',
      );
      expect(() =>
        idpFromMetadata(feed, {
          entityID: 'https://victim.idp.test',
          signedBy: publisher.certificate,
        }),
      ).toThrow(code(SloErrorCode.OptionInvalid));
    });
  });

  it('a signed federation feed (EntitiesDescriptor) is verified once and the entityID picks the IdP', () => {
    const template = signedEntitiesDescriptor(
      { attributes: ` ID="_feed"${VALID_FOR_A_DAY}`, signature: signatureTemplate('_feed') },
      feedIdp('https://a.idp.test', keys.idp.certificate),
      feedIdp('https://b.idp.test', attacker.certificate),
    );
    const feed = xmlsec1Sign(template, publisher.privateKey, ENTITIES_DESCRIPTOR);
    expect(
      idpFromMetadata(feed, { entityID: 'https://b.idp.test', signedBy: publisher.certificate }),
    ).toMatchObject({
      entityID: 'https://b.idp.test',
      signingCertificates: [der(attacker.certificate)],
    });
    expect(() =>
      idpFromMetadata(feed.replace('https://b.idp.test', 'https://c.idp.test'), {
        entityID: 'https://c.idp.test',
        signedBy: publisher.certificate,
      }),
    ).toThrow(code(SloErrorCode.SignatureInvalid));
  });

  it('an RSA-SHA1 signature is refused (SLO_ALGORITHM_FORBIDDEN) unless allowSha1', () => {
    const sha1 = signedByXmlsec1(publisher.privateKey, { sha1: true });
    expect(() => idpFromMetadata(sha1, { signedBy: publisher.certificate })).toThrow(
      code(SloErrorCode.AlgorithmForbidden),
    );
    expect(
      idpFromMetadata(sha1, { signedBy: publisher.certificate, allowSha1: true }).entityID,
    ).toBe('https://idp.test/metadata');
  });

  it('a signedBy that is empty or not a certificate is an option error naming it', () => {
    const xml = signedByXmlsec1();
    expect(() => idpFromMetadata(xml, { signedBy: [] })).toThrow(
      expect.objectContaining({ code: SloErrorCode.OptionInvalid, option: 'signedBy' }),
    );
    expect(() => idpFromMetadata(xml, { signedBy: 'not a certificate' })).toThrow(
      expect.objectContaining({ code: SloErrorCode.OptionInvalid, option: 'signedBy[0]' }),
    );
  });
});

describe('idpFromMetadata refuses metadata past its validUntil', () => {
  const inOneHour = new Date(Date.now() + 3_600_000).toISOString();
  const anHourAgo = new Date(Date.now() - 3_600_000).toISOString();

  it('validUntil in the future is read; in the past is SLO_MESSAGE_EXPIRED, on the root or on the IDPSSODescriptor', () => {
    expect(
      idpFromMetadata(idpMetadata({ attributes: ` validUntil="${inOneHour}"` })).entityID,
    ).toBe('https://idp.test/metadata');
    expect(() =>
      idpFromMetadata(idpMetadata({ attributes: ` validUntil="${anHourAgo}"` })),
    ).toThrow(
      expect.objectContaining({
        code: SloErrorCode.MessageExpired,
        message: expect.stringContaining('validUntil'),
      }),
    );
    const expiredRole = idpMetadata().replace(
      '<md:IDPSSODescriptor ',
      `<md:IDPSSODescriptor validUntil="${anHourAgo}" `,
    );
    expect(() => idpFromMetadata(expiredRole)).toThrow(code(SloErrorCode.MessageExpired));
  });

  it('an expired entity in a feed is refused, its unexpired neighbour is read', () => {
    const feed = signedEntitiesDescriptor(
      {},
      feedIdp('https://old.idp.test', keys.idp.certificate, ` validUntil="${anHourAgo}"`),
      feedIdp('https://new.idp.test', keys.idp.certificate, ` validUntil="${inOneHour}"`),
    );
    expect(() => idpFromMetadata(feed, 'https://old.idp.test')).toThrow(
      code(SloErrorCode.MessageExpired),
    );
    expect(idpFromMetadata(feed, 'https://new.idp.test').entityID).toBe('https://new.idp.test');
  });

  it('a validUntil on an EntitiesDescriptor bounds every entity inside it, nested or not', () => {
    const entity = feedIdp('https://inner.idp.test', keys.idp.certificate);
    const nested = (validUntil: string) =>
      signedEntitiesDescriptor(
        {},
        `<md:EntitiesDescriptor validUntil="${validUntil}">${entity}</md:EntitiesDescriptor>`,
      );
    expect(() => idpFromMetadata(nested(anHourAgo))).toThrow(code(SloErrorCode.MessageExpired));
    expect(idpFromMetadata(nested(inOneHour)).entityID).toBe('https://inner.idp.test');
    expect(() =>
      idpFromMetadata(
        signedEntitiesDescriptor({ attributes: ` validUntil="${anHourAgo}"` }, entity),
      ),
    ).toThrow(code(SloErrorCode.MessageExpired));
  });

  it('a validUntil without a time zone is read as UTC', () => {
    const noZone = (date: string) => date.replace(/\.\d+Z$/, '');
    expect(
      idpFromMetadata(idpMetadata({ attributes: ` validUntil="${noZone(inOneHour)}"` })).entityID,
    ).toBe('https://idp.test/metadata');
    expect(() =>
      idpFromMetadata(idpMetadata({ attributes: ` validUntil="${noZone(anHourAgo)}"` })),
    ).toThrow(code(SloErrorCode.MessageExpired));
  });

  it('a validUntil that is not an xs:dateTime is SLO_MESSAGE_INVALID', () => {
    expect(() => idpFromMetadata(idpMetadata({ attributes: ' validUntil="tomorrow"' }))).toThrow(
      code(SloErrorCode.MessageInvalid),
    );
  });
});

describe('signed metadata must say when it expires: a validUntil on its root, at most maxValidityMs ahead (default 14 days)', () => {
  beforeAll(() => requireXmlsec1());

  it('signed without a validUntil: SLO_MESSAGE_INVALID naming maxValidityMs; read with maxValidityMs: false', () => {
    const timeless = signedByXmlsec1(publisher.privateKey, { rootAttributes: '' });
    expect(() => idpFromMetadata(timeless, { signedBy: publisher.certificate })).toThrow(
      expect.objectContaining({
        code: SloErrorCode.MessageInvalid,
        option: 'maxValidityMs',
        message: expect.stringContaining('maxValidityMs: false'),
      }),
    );
    expect(
      idpFromMetadata(timeless, { signedBy: publisher.certificate, maxValidityMs: false }).entityID,
    ).toBe('https://idp.test/metadata');
  });

  it('a validUntil on the IDPSSODescriptor only does not count: the root must carry it', () => {
    const template = idpMetadata({
      signature: signatureTemplate('_meta'),
    }).replace('<md:IDPSSODescriptor ', `<md:IDPSSODescriptor validUntil="${daysAhead(1)}" `);
    const signed = xmlsec1Sign(template, publisher.privateKey, ENTITY_DESCRIPTOR);
    expect(() => idpFromMetadata(signed, { signedBy: publisher.certificate })).toThrow(
      code(SloErrorCode.MessageInvalid),
    );
  });

  it('a validUntil more than 14 days ahead is refused by default and read when maxValidityMs allows it', () => {
    const longLived = signedByXmlsec1(publisher.privateKey, {
      rootAttributes: ` validUntil="${daysAhead(20)}"`,
    });
    expect(() => idpFromMetadata(longLived, { signedBy: publisher.certificate })).toThrow(
      expect.objectContaining({
        code: SloErrorCode.MessageInvalid,
        message: expect.stringContaining('more than maxValidityMs'),
      }),
    );
    const thirtyDays = 30 * 86_400_000;
    expect(
      idpFromMetadata(longLived, { signedBy: publisher.certificate, maxValidityMs: thirtyDays })
        .entityID,
    ).toBe('https://idp.test/metadata');
    const fortnight = signedByXmlsec1(publisher.privateKey, {
      rootAttributes: ` validUntil="${daysAhead(13.9)}"`,
    });
    expect(idpFromMetadata(fortnight, { signedBy: publisher.certificate }).entityID).toBe(
      'https://idp.test/metadata',
    );
  });

  it('a signed feed is held to the validUntil of its root EntitiesDescriptor', () => {
    const feed = (rootAttributes: string) =>
      xmlsec1Sign(
        signedEntitiesDescriptor(
          { attributes: ` ID="_feed"${rootAttributes}`, signature: signatureTemplate('_feed') },
          feedIdp('https://a.idp.test', keys.idp.certificate, ` validUntil="${daysAhead(1)}"`),
        ),
        publisher.privateKey,
        ENTITIES_DESCRIPTOR,
      );
    expect(() => idpFromMetadata(feed(''), { signedBy: publisher.certificate })).toThrow(
      code(SloErrorCode.MessageInvalid),
    );
    expect(
      idpFromMetadata(feed(` validUntil="${daysAhead(7)}"`), { signedBy: publisher.certificate })
        .entityID,
    ).toBe('https://a.idp.test');
  });

  it('a signed validUntil that has passed is still SLO_MESSAGE_EXPIRED', () => {
    const expired = signedByXmlsec1(publisher.privateKey, {
      rootAttributes: ` validUntil="${daysAhead(-1)}"`,
    });
    expect(() => idpFromMetadata(expired, { signedBy: publisher.certificate })).toThrow(
      code(SloErrorCode.MessageExpired),
    );
    // Expired is what is said, even when the entityID asked for is not in it.
    expect(() =>
      idpFromMetadata(expired, {
        signedBy: publisher.certificate,
        entityID: 'https://other.idp.test',
      }),
    ).toThrow(code(SloErrorCode.MessageExpired));
  });

  it('unsigned metadata read without signedBy needs no validUntil', () => {
    expect(idpFromMetadata(idpMetadata()).entityID).toBe('https://idp.test/metadata');
  });

  it.each([0, -1, 1.5, Number.NaN, Infinity, 11 * 365 * 86_400_000, '14d', true, null, {}])(
    'maxValidityMs %p is an option error naming it, before the signature is checked, and without signedBy too',
    (bad) => {
      const refused = expect.objectContaining({
        code: SloErrorCode.OptionInvalid,
        option: 'maxValidityMs',
        message: expect.stringContaining('or false'),
      });
      // Signed by another key: the option error comes first.
      expect(() =>
        idpFromMetadata(signedByXmlsec1(attacker.privateKey), {
          signedBy: publisher.certificate,
          maxValidityMs: bad as unknown as number,
        }),
      ).toThrow(refused);
      expect(() =>
        idpFromMetadata(idpMetadata(), { maxValidityMs: bad as unknown as number }),
      ).toThrow(refused);
    },
  );

  it('a signed validUntil with an offset or without a zone is read as the instant it names', () => {
    const inTwelveDays = new Date(Date.now() + 12 * 86_400_000);
    const plusFourteenHours = new Date(inTwelveDays.getTime() + 14 * 3_600_000)
      .toISOString()
      .replace('Z', '+14:00');
    const noZone = inTwelveDays.toISOString().replace('Z', '');
    for (const validUntil of [plusFourteenHours, noZone]) {
      const signed = signedByXmlsec1(publisher.privateKey, {
        rootAttributes: ` validUntil="${validUntil}"`,
      });
      expect(idpFromMetadata(signed, { signedBy: publisher.certificate }).entityID).toBe(
        'https://idp.test/metadata',
      );
    }
    // 13.6 days ahead as digits, written at -12:00: the instant is half a day later, past
    // 14 days. Read without its offset it would pass.
    const beyond = new Date(Date.now() + 13.6 * 86_400_000).toISOString().replace('Z', '-12:00');
    expect(() =>
      idpFromMetadata(
        signedByXmlsec1(publisher.privateKey, { rootAttributes: ` validUntil="${beyond}"` }),
        { signedBy: publisher.certificate },
      ),
    ).toThrow(code(SloErrorCode.MessageInvalid));
  });
});
