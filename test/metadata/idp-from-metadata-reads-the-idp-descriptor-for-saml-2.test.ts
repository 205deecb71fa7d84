import { SloErrorCode, idpFromMetadata } from '../../lib';
import { keys } from '../support/keys';
import { der, idpEntityDescriptor, keyDescriptor } from './support/idp-metadata';

const IDP = 'https://idp.test/metadata';
const SAML2 = 'urn:oasis:names:tc:SAML:2.0:protocol';

/** An IDPSSODescriptor for `protocols`, with one signing key and one SingleLogoutService. */
function descriptor(protocols: string, certificate: string, slo: string): string {
  return (
    `<md:IDPSSODescriptor protocolSupportEnumeration="${protocols}">` +
    keyDescriptor(certificate, 'signing') +
    `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${slo}"/>` +
    `</md:IDPSSODescriptor>`
  );
}

/** The fixture entity with `first` written before its own (SAML 2.0) IDPSSODescriptor. */
function entityWithFirstDescriptor(first: string): string {
  return idpEntityDescriptor({
    entityID: IDP,
    keyDescriptors: keyDescriptor(keys.idp.certificate, 'signing'),
    services: `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test/slo"/>`,
  }).replace(/(<md:EntityDescriptor[^>]*>)/, `$1${first}`);
}

describe('idpFromMetadata reads the IDPSSODescriptor for SAML 2.0', () => {
  it('skips a first IDPSSODescriptor for SAML 1.1 only: keys and endpoints come from the SAML 2.0 one', () => {
    const saml11 = descriptor(
      'urn:oasis:names:tc:SAML:1.1:protocol urn:mace:shibboleth:1.0',
      keys.other.certificate,
      'https://idp.test/saml1/slo',
    );
    expect(idpFromMetadata(entityWithFirstDescriptor(saml11))).toMatchObject({
      signingCertificates: [der(keys.idp.certificate)],
      singleLogoutService: { redirect: { location: 'https://idp.test/slo' } },
    });
  });

  it('reads SAML 2.0 among several protocols, separated by any XML white space', () => {
    const both = descriptor(
      `urn:oasis:names:tc:SAML:1.1:protocol\n\t${SAML2}`,
      keys.other.certificate,
      'https://idp.test/both/slo',
    );
    expect(idpFromMetadata(entityWithFirstDescriptor(both))).toMatchObject({
      signingCertificates: [der(keys.other.certificate)],
      singleLogoutService: { redirect: { location: 'https://idp.test/both/slo' } },
    });
  });

  it('refuses an IdP with no IDPSSODescriptor for SAML 2.0, saying so', () => {
    const saml11Only = idpEntityDescriptor({
      entityID: IDP,
      keyDescriptors: keyDescriptor(keys.idp.certificate, 'signing'),
    }).replace(SAML2, 'urn:oasis:names:tc:SAML:1.1:protocol');
    expect(() => idpFromMetadata(saml11Only)).toThrow(
      expect.objectContaining({
        code: SloErrorCode.OptionInvalid,
        message: expect.stringContaining(
          `${IDP} has no IDPSSODescriptor whose protocolSupportEnumeration lists ${SAML2}`,
        ),
      }),
    );
  });

  it('does not take a protocol that only starts like SAML 2.0 for it', () => {
    const lookalike = idpEntityDescriptor({
      entityID: IDP,
      keyDescriptors: keyDescriptor(keys.idp.certificate, 'signing'),
    }).replace(SAML2, `${SAML2}:extended`);
    expect(() => idpFromMetadata(lookalike)).toThrow(
      expect.objectContaining({ code: SloErrorCode.OptionInvalid }),
    );
  });
});
