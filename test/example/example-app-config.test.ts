import { exampleOptionsFromEnv } from '../../example-app/config';

describe('the example reads its settings from the environment', () => {
  it('defaults to the embedded demo: ports 4000/3000/3001, no Redis, no external IdP', () => {
    expect(exampleOptionsFromEnv({})).toEqual({
      host: '127.0.0.1',
      ports: { idp: 4000, flights: 3000, cars: 3001 },
      publicUrls: { idp: undefined, flights: undefined, cars: undefined },
      redisUrl: undefined,
      idpMetadata: undefined,
      unsolicitedSso: false,
    });
  });

  it('takes ports, public URLs, REDIS_URL, IDP_METADATA, IDP_METADATA_SIGNER, IDP_METADATA_MAX_VALIDITY_MS and UNSOLICITED_SSO', () => {
    expect(
      exampleOptionsFromEnv({
        IDP_PORT: '0',
        FLIGHTS_PORT: '8080',
        CARS_PORT: '8081',
        CARS_PUBLIC_URL: 'https://cars.example.test/',
        REDIS_URL: 'redis://127.0.0.1:6379',
        IDP_METADATA: 'idp.xml',
        IDP_METADATA_SIGNER: 'signer.pem',
        IDP_METADATA_MAX_VALIDITY_MS: '2592000000',
        UNSOLICITED_SSO: '1',
      }),
    ).toMatchObject({
      ports: { idp: 0, flights: 8080, cars: 8081 },
      publicUrls: { cars: 'https://cars.example.test' },
      redisUrl: 'redis://127.0.0.1:6379',
      idpMetadata: 'idp.xml',
      idpMetadataSigner: 'signer.pem',
      idpMetadataMaxValidityMs: 2_592_000_000,
      unsolicitedSso: true,
    });
    expect(
      exampleOptionsFromEnv({ IDP_METADATA_MAX_VALIDITY_MS: 'false' }).idpMetadataMaxValidityMs,
    ).toBe(false);
  });

  it('names the variable that is wrong', () => {
    expect(() => exampleOptionsFromEnv({ CARS_PORT: 'x' })).toThrow(/CARS_PORT must be a port/);
    expect(() => exampleOptionsFromEnv({ IDP_PUBLIC_URL: 'localhost:4000' })).toThrow(
      /IDP_PUBLIC_URL must be an http\(s\) URL/,
    );
    expect(() => exampleOptionsFromEnv({ IDP_METADATA_MAX_VALIDITY_MS: '14d' })).toThrow(
      /IDP_METADATA_MAX_VALIDITY_MS must be a number of milliseconds or false/,
    );
  });
});
