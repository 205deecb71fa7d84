import { X509Certificate } from 'node:crypto';
import session from 'express-session';
import { createSlo, type SloOptions } from '../../../lib';
import { keys } from '../../support/keys';

const IDP = 'https://idp.test/metadata';
/** The fixtures' notAfter (every test certificate expires then). */
const NOT_AFTER = new Date(new X509Certificate(keys.sp.certificate).validTo).toISOString();
/** A clock a year after the fixtures expired. */
const AFTER_EXPIRY = Date.parse(NOT_AFTER) + 365 * 24 * 3_600_000;

function startUpWarnings(extra: Partial<SloOptions>) {
  const warnings: Record<string, unknown>[] = [];
  const ignore = () => undefined;
  createSlo({
    sp: { entityID: 'https://sp.test/metadata', baseUrl: 'https://sp.test', ...keys.sp },
    idps: [{ entityID: IDP, signingCertificates: [keys.idp.certificate, keys.other.certificate] }],
    store: new session.MemoryStore(),
    logger: {
      debug: ignore,
      info: ignore,
      error: ignore,
      warn: (fields) => void warnings.push(fields),
    },
    ...extra,
  });
  return warnings.filter((fields) => fields.event === 'saml_slo.certificate_expired');
}

// SAML trusts the key a certificate carries, not its dates: deployments keep signing with
// expired self-signed certificates, so start-up accepts them, and says so once per certificate.
describe('an expired SP or IdP signing certificate is accepted, with one warning each at createSlo', () => {
  it("by the now option's clock: one saml_slo.certificate_expired per certificate, naming the option and notAfter only", () => {
    expect(startUpWarnings({ now: () => AFTER_EXPIRY })).toEqual([
      { event: 'saml_slo.certificate_expired', option: 'sp.certificate', notAfter: NOT_AFTER },
      {
        event: 'saml_slo.certificate_expired',
        option: 'idps[0].signingCertificates[0]',
        notAfter: NOT_AFTER,
      },
      {
        event: 'saml_slo.certificate_expired',
        option: 'idps[0].signingCertificates[1]',
        notAfter: NOT_AFTER,
      },
    ]);
  });

  it('certificates still valid by the clock are not warned about', () => {
    expect(startUpWarnings({})).toEqual([]);
    expect(startUpWarnings({ now: () => Date.parse(NOT_AFTER) - 1 })).toEqual([]);
  });
});
