import { SloErrorCode, idpFromMetadata } from '../../lib';
import { keys } from '../support/keys';
import { idpEntityDescriptor, keyDescriptor } from './support/idp-metadata';

const IDP = 'https://idp.test/metadata';

describe('idpFromMetadata refuses an IdP whose metadata has no signing certificate', () => {
  it.each([
    ['only an encryption key', keyDescriptor(keys.idp.certificate, 'encryption')],
    ['no KeyDescriptor at all', ''],
    [
      'a signing KeyDescriptor with a key name but no certificate',
      '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:KeyName>idp</ds:KeyName></ds:KeyInfo></md:KeyDescriptor>',
    ],
  ])(
    '%s: SLO_OPTION_INVALID saying the entity has no signing certificate',
    (_name, keyDescriptors) => {
      expect(() => idpFromMetadata(idpEntityDescriptor({ entityID: IDP, keyDescriptors }))).toThrow(
        expect.objectContaining({
          code: SloErrorCode.OptionInvalid,
          message: expect.stringContaining(`${IDP} has no signing certificate in its metadata`),
        }),
      );
    },
  );

  it('one signing certificate among encryption keys is enough', () => {
    const keyDescriptors =
      keyDescriptor(keys.sp.certificate, 'encryption') +
      keyDescriptor(keys.idp.certificate, 'signing');
    expect(
      idpFromMetadata(idpEntityDescriptor({ entityID: IDP, keyDescriptors })).signingCertificates,
    ).toHaveLength(1);
  });
});
