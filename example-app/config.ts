import type { ExampleLog, ExampleOptions } from './start-example';

/**
 * The example's options from environment variables (all optional):
 * `IDP_PORT` (4000), `FLIGHTS_PORT` (3000), `CARS_PORT` (3001); `IDP_PUBLIC_URL`,
 * `FLIGHTS_PUBLIC_URL`, `CARS_PUBLIC_URL` (default `http://localhost:<port>`); `HOST`
 * (127.0.0.1); `REDIS_URL`; `IDP_METADATA` (file or URL of an external IdP's metadata);
 * `IDP_METADATA_SIGNER` (a PEM certificate file: the metadata must be signed by it and
 * carry a `validUntil` on its root at most 14 days ahead); `IDP_METADATA_MAX_VALIDITY_MS`
 * (that bound in ms, or `false` for an IdP that publishes no `validUntil`);
 * `UNSOLICITED_SSO=1`.
 *
 * @throws When a port or URL is malformed (the message names the variable).
 * @example
 * ```ts
 * const options = exampleOptionsFromEnv(process.env, (party, line) => console.log(party, line));
 * ```
 */
export function exampleOptionsFromEnv(env: NodeJS.ProcessEnv, log?: ExampleLog): ExampleOptions {
  const port = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 0 || value > 65535) {
      throw new Error(`${name} must be a port number (0-65535), got "${raw}"`);
    }
    return value;
  };
  const url = (name: string) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (!/^https?:\/\/[^/]/.test(raw) || !URL.canParse(raw)) {
      throw new Error(`${name} must be an http(s) URL such as http://localhost:3000, got "${raw}"`);
    }
    return raw.replace(/\/+$/, '');
  };
  const maxValidity = (name: string): number | false | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (raw === 'false') return false;
    if (!/^\d+$/.test(raw)) {
      throw new Error(`${name} must be a number of milliseconds or false, got "${raw}"`);
    }
    return Number(raw);
  };
  const idpMetadataMaxValidityMs = maxValidity('IDP_METADATA_MAX_VALIDITY_MS');
  return {
    host: env.HOST || '127.0.0.1',
    ports: {
      idp: port('IDP_PORT', 4000),
      flights: port('FLIGHTS_PORT', 3000),
      cars: port('CARS_PORT', 3001),
    },
    publicUrls: {
      idp: url('IDP_PUBLIC_URL'),
      flights: url('FLIGHTS_PUBLIC_URL'),
      cars: url('CARS_PUBLIC_URL'),
    },
    redisUrl: env.REDIS_URL || undefined,
    idpMetadata: env.IDP_METADATA || undefined,
    idpMetadataSigner: env.IDP_METADATA_SIGNER || undefined,
    ...(idpMetadataMaxValidityMs === undefined ? {} : { idpMetadataMaxValidityMs }),
    unsolicitedSso: env.UNSOLICITED_SSO === '1' || env.UNSOLICITED_SSO === 'true',
    ...(log ? { log } : {}),
  };
}
