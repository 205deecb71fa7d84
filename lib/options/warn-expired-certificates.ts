import type { X509Certificate } from 'node:crypto';
import type { SloLogger } from '../logging/logger';

/**
 * A certificate given in the options, with the path of the option that holds it.
 *
 * @example
 * ```ts
 * const given: ConfiguredCertificate = { option: 'sp.certificate', certificate: spCertificate };
 * ```
 */
export interface ConfiguredCertificate {
  readonly option: string;
  readonly certificate: X509Certificate;
}

/**
 * Logs one warning, `saml_slo.certificate_expired` with the option's path and the
 * certificate's notAfter (never key material), for each configured certificate whose notAfter
 * has passed at `now`. Such a certificate is still used: SAML peers trust the key it carries,
 * not its dates, and deployments commonly keep signing with expired self-signed certificates;
 * but a peer that does check dates would refuse it.
 *
 * @example
 * ```ts
 * warnExpiredCertificates(config.certificates, config.now(), config.logger);
 * // warn { event: 'saml_slo.certificate_expired', option: 'sp.certificate', notAfter: '2020-01-01T00:00:00.000Z' }
 * ```
 */
export function warnExpiredCertificates(
  certificates: readonly ConfiguredCertificate[],
  now: number,
  logger: SloLogger,
): void {
  const warned = new Set<string>();
  for (const { option, certificate } of certificates) {
    const notAfter = Date.parse(certificate.validTo);
    if (!(notAfter < now)) continue;
    const key = `${option} ${certificate.fingerprint256}`;
    if (warned.has(key)) continue;
    warned.add(key);
    logger.warn(
      {
        event: 'saml_slo.certificate_expired',
        option,
        notAfter: new Date(notAfter).toISOString(),
      },
      `the certificate in ${option} has expired; it is still used (SAML trusts its key, not its dates), but peers that check dates will refuse it: issue a new certificate for the key`,
    );
  }
}
