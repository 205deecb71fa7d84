import { SloErrorCode, idpFromMetadata } from '../../lib';
import { keys } from '../support/keys';
import { caughtSloErrorSync } from '../unit/support/slo-error';
import { idpEntityDescriptor, keyDescriptor } from './support/idp-metadata';

const IDP = 'https://idp.test/metadata';

const emptyCertificate = (use: string, text: string) =>
  `<md:KeyDescriptor${use}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${text}</ds:X509Certificate>` +
  `</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;

// It was returned as '' and refused only by createSlo, as an empty
// idps[0].signingCertificates[n] the user never wrote.
describe('idpFromMetadata refuses an empty ds:X509Certificate in a signing KeyDescriptor', () => {
  it.each([
    ['empty, use="signing"', emptyCertificate(' use="signing"', '')],
    ['whitespace only, no use', emptyCertificate('', '\n      ')],
    ['beside a good certificate', keyDescriptor(keys.idp.certificate) + emptyCertificate('', '')],
  ])('%s: SLO_OPTION_INVALID naming the metadata element', (_name, keyDescriptors) => {
    const error = caughtSloErrorSync(() =>
      idpFromMetadata(idpEntityDescriptor({ entityID: IDP, keyDescriptors })),
    );
    expect(error.code).toBe(SloErrorCode.OptionInvalid);
    expect(error.message).toContain(
      `${IDP}'s signing md:KeyDescriptor holds an empty ds:X509Certificate element`,
    );
  });

  it('an empty one in an encryption KeyDescriptor is not read, so not refused', () => {
    const keyDescriptors =
      keyDescriptor(keys.idp.certificate, 'signing') + emptyCertificate(' use="encryption"', '');
    expect(
      idpFromMetadata(idpEntityDescriptor({ entityID: IDP, keyDescriptors })).signingCertificates,
    ).toHaveLength(1);
  });
});
