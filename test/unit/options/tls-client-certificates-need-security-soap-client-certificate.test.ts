import { X509Certificate } from 'node:crypto';
import { SloErrorCode, createSlo, type IdpOptions, type SloOptions } from '../../../lib';
import { resolveOptions } from '../../../lib/options/resolve-options';
import { keys } from '../../support/keys';
import { caughtSloErrorSync } from '../support/slo-error';
import { validOptions } from './support/valid-options';

const IDP = 'https://idp.test/metadata';

function options(
  tlsClientCertificates: IdpOptions['tlsClientCertificates'],
  security?: SloOptions['security'],
): SloOptions {
  return validOptions({
    idp: { tlsClientCertificates },
    ...(security === undefined ? {} : { security }),
  });
}

describe('idps[].tlsClientCertificates needs security.soapClientCertificate: true', () => {
  it.each([
    ['security.soapClientCertificate left out', undefined],
    ['security.soapClientCertificate: false', { soapClientCertificate: false }],
  ])(
    'with %s, pins are refused at start-up, naming both options (mutual TLS would not be enforced)',
    (_name, security) => {
      const error = caughtSloErrorSync(() => createSlo(options(keys.other.certificate, security)));
      expect(error).toMatchObject({
        code: SloErrorCode.OptionInvalid,
        option: 'idps[0].tlsClientCertificates',
      });
      expect(error.message).toContain('security.soapClientCertificate');
    },
  );

  it('a value that is not a certificate is refused as such, flag or not (it is always parsed)', () => {
    for (const security of [undefined, { soapClientCertificate: true }]) {
      const error = caughtSloErrorSync(() => createSlo(options('not a certificate', security)));
      expect(error).toMatchObject({
        code: SloErrorCode.OptionInvalid,
        option: 'idps[0].tlsClientCertificates',
      });
      expect(error.message).toContain('is not an X.509 certificate');
    }
  });

  it('an empty list is refused: the IdP could never connect', () => {
    const error = caughtSloErrorSync(() => createSlo(options([], { soapClientCertificate: true })));
    expect(error.option).toBe('idps[0].tlsClientCertificates');
  });

  it('with the flag on, exactly the given certificates are pinned (not the signing ones)', () => {
    const config = resolveOptions(
      options([keys.other.certificate], { soapClientCertificate: true }),
    );
    expect([...config.soapClientCertificates!.entries()]).toEqual([
      [new X509Certificate(keys.other.certificate).fingerprint256, new Set([IDP])],
    ]);
  });
});
