import { SloErrorCode, createSlo, idpFromMetadata, type SloOptions } from '../../../lib';
import { keys } from '../../support/keys';
import { caughtSloErrorSync } from '../support/slo-error';
import { validOptions } from './support/valid-options';

function options(
  sp: Partial<SloOptions['sp']>,
  signingCertificates: SloOptions['idps'][0]['signingCertificates'],
): SloOptions {
  return validOptions({ sp, idp: { signingCertificates } });
}

/** The base64 body of the SP key: what must never appear in a message. */
const keyMaterial = keys.sp.privateKey.split('\n')[1]!;

// Node's X509Certificate skips a PEM block of another type, so a private key pasted beside a
// certificate (openssl pkcs12 -nodes output, a .pem holding both) was dropped without a word.
describe('a PEM block that is not a certificate, where certificates are expected', () => {
  it.each([
    ['idps[0].signingCertificates', options({}, keys.sp.privateKey + keys.idp.certificate)],
    [
      'idps[0].signingCertificates[1]',
      options({}, [keys.idp.certificate, keys.idp.certificate + keys.sp.privateKey]),
    ],
    [
      'sp.certificate',
      options({ certificate: keys.sp.privateKey + keys.sp.certificate }, keys.idp.certificate),
    ],
    [
      'sp.decryptionCertificate',
      options(
        { decryptionCertificate: keys.sp.certificate + keys.sp.privateKey },
        keys.idp.certificate,
      ),
    ],
  ])('is refused at start-up naming %s and the block type, never its content', (option, given) => {
    const error = caughtSloErrorSync(() => createSlo(given));
    expect(error.code).toBe(SloErrorCode.OptionInvalid);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`saml-slo option ${option} holds a "PRIVATE KEY" PEM block`);
    expect(error.message).not.toContain(keyMaterial);
  });

  it("is refused in idpFromMetadata's signedBy too", () => {
    const error = caughtSloErrorSync(() =>
      idpFromMetadata(
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>',
        {
          signedBy: keys.idp.certificate + keys.sp.privateKey,
        },
      ),
    );
    expect(error.option).toBe('signedBy[0]');
    expect(error.message).toContain('holds a "PRIVATE KEY" PEM block');
    expect(error.message).not.toContain(keyMaterial);
  });

  it('certificates alone, in a bundle, are still accepted', () => {
    expect(() =>
      createSlo(options({}, keys.idp.certificate + keys.other.certificate)),
    ).not.toThrow();
  });
});
