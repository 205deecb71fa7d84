import { SloErrorCode, createSlo, type SloOptions } from '../../../lib';
import { otherKeys } from '../../support/keys';
import { caughtSloErrorSync } from '../support/slo-error';
import { validOptions } from './support/valid-options';

function options(sp: Partial<SloOptions['sp']>): SloOptions {
  return validOptions({ sp });
}

const ec = otherKeys.ecP256;

// EncryptedID decryption here is RSA key transport only (RSA-OAEP, RSA 1.5): an EC key was
// accepted, and advertised in metadata for encryption, yet nothing encrypted to it could be read.
describe('an EC sp.decryptionKey is refused at start-up, naming the option', () => {
  it.each([
    ['with its certificate as sp.decryptionCertificate', { decryptionCertificate: ec.certificate }],
    ['without a certificate', {}],
  ])('%s', (_name, extra) => {
    const error = caughtSloErrorSync(() =>
      createSlo(options({ decryptionKey: ec.privateKey, ...extra })),
    );
    expect(error.code).toBe(SloErrorCode.OptionInvalid);
    expect(error.option).toBe('sp.decryptionKey');
    expect(error.message).toContain(
      'saml-slo option sp.decryptionKey must be an RSA key (got ec): EncryptedIDs are decrypted by RSA key transport only',
    );
  });

  it('the default decryption key is sp.privateKey, which must be RSA: an EC one is refused, so no EC key is ever advertised for encryption', () => {
    const error = caughtSloErrorSync(() =>
      createSlo(options({ privateKey: ec.privateKey, certificate: ec.certificate })),
    );
    expect(error.option).toBe('sp.privateKey');
    expect(error.message).toContain('must be an RSA key (got ec)');
  });
});
