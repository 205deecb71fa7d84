import { SloErrorCode, createSlo, type SloOptions } from '../../../lib';
import { keys, otherKeys } from '../../support/keys';
import { caughtSloErrorSync } from '../support/slo-error';
import { validOptions } from './support/valid-options';

function options(
  sp: Partial<SloOptions['sp']>,
  signingCertificates: SloOptions['idps'][0]['signingCertificates'] = keys.idp.certificate,
): SloOptions {
  return validOptions({ sp, idp: { signingCertificates } });
}

const weak = otherKeys.rsa1024;

describe('an RSA key under 2048 bits is refused at start-up, naming the option, the size and the fix', () => {
  it.each([
    [
      'sp.privateKey',
      'sp.privateKey',
      options({ privateKey: weak.privateKey, certificate: weak.certificate }),
    ],
    [
      'sp.decryptionKey',
      'sp.decryptionKey',
      options({ decryptionKey: weak.privateKey, decryptionCertificate: weak.certificate }),
    ],
    ['an IdP certificate', 'idps[0].signingCertificates', options({}, weak.certificate)],
    [
      'the second IdP certificate of a list',
      'idps[0].signingCertificates[1]',
      options({}, [keys.idp.certificate, weak.certificate]),
    ],
    [
      'the second IdP certificate of a PEM bundle',
      'idps[0].signingCertificates',
      options({}, keys.idp.certificate + weak.certificate),
    ],
  ])('%s (refused as %s)', (_name, option, given) => {
    const error = caughtSloErrorSync(() => createSlo(given));
    expect(error.code).toBe(SloErrorCode.OptionInvalid);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`saml-slo option ${option} holds a 1024-bit RSA key`);
    expect(error.message).toMatch(/RSA of 2048 bits or more|RSA key of 2048 bits or more/);
  });

  it('2048-bit RSA keys everywhere, and an EC P-256 IdP signing certificate, are accepted', () => {
    expect(() =>
      createSlo(
        options(
          { decryptionKey: keys.other.privateKey, decryptionCertificate: keys.other.certificate },
          [keys.idp.certificate, otherKeys.ecP256.certificate],
        ),
      ),
    ).not.toThrow();
  });
});
