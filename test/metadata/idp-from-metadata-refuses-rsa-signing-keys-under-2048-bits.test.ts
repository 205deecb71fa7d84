import { SloErrorCode, idpFromMetadata } from '../../lib';
import { keys, otherKeys } from '../support/keys';
import { caughtSloErrorSync } from '../unit/support/slo-error';
import { idpEntityDescriptor, keyDescriptor } from './support/idp-metadata';

const IDP = 'https://idp.test/metadata';
const weak = otherKeys.rsa1024.certificate;

describe('idpFromMetadata refuses RSA keys under 2048 bits', () => {
  it("an IdP signing certificate in the metadata, naming the entity and the certificate's place", () => {
    const xml = idpEntityDescriptor({
      entityID: IDP,
      keyDescriptors: keyDescriptor(keys.idp.certificate, 'signing') + keyDescriptor(weak),
    });
    const error = caughtSloErrorSync(() => idpFromMetadata(xml));
    expect(error.code).toBe(SloErrorCode.OptionInvalid);
    expect(error.message).toContain(
      `${IDP}'s signing certificate 2 (a ds:X509Certificate of a signing md:KeyDescriptor) holds a 1024-bit RSA key`,
    );
  });

  it('a weak encryption certificate is not read, so not refused', () => {
    const xml = idpEntityDescriptor({
      entityID: IDP,
      keyDescriptors:
        keyDescriptor(keys.idp.certificate, 'signing') + keyDescriptor(weak, 'encryption'),
    });
    expect(idpFromMetadata(xml).signingCertificates).toHaveLength(1);
  });

  it("the metadata publisher's certificate given as signedBy", () => {
    const xml = idpEntityDescriptor({
      entityID: IDP,
      keyDescriptors: keyDescriptor(keys.idp.certificate),
    });
    const error = caughtSloErrorSync(() =>
      idpFromMetadata(xml, { signedBy: [keys.other.certificate, weak] }),
    );
    expect(error.code).toBe(SloErrorCode.OptionInvalid);
    expect(error.option).toBe('signedBy[1]');
    expect(error.message).toContain('saml-slo option signedBy[1] holds a 1024-bit RSA key');
  });

  it('an EC P-256 signing certificate is read as before', () => {
    const xml = idpEntityDescriptor({
      entityID: IDP,
      keyDescriptors: keyDescriptor(otherKeys.ecP256.certificate, 'signing'),
    });
    expect(idpFromMetadata(xml).signingCertificates).toHaveLength(1);
  });
});
