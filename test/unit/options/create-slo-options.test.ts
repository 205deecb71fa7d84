import session from 'express-session';
import { MemoryReplayCache, SloErrorCode, createSlo, type SloOptions } from '../../../lib';
import { createClient } from 'redis';
import { MemorySessionIndex } from '../../../lib/session-index/memory-session-index';
import { RedisSessionIndex } from '../../../lib/redis';
import { keys } from '../../support/keys';
import { caughtSloErrorSync } from '../support/slo-error';
import { validOptions } from './support/valid-options';

const SP = 'https://sp.test/metadata';
const IDP = 'https://idp.test/metadata';

/** The body of a PEM certificate without its armour: base64 DER, as metadata carries it. */
function bareBase64(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

type Mutate = (options: Record<string, unknown> & SloOptions) => unknown;

/** Applies `mutate` to a valid options object (loosely typed, to express wrong options). */
function optionsWith(mutate: Mutate): SloOptions {
  const options = validOptions() as Record<string, unknown> & SloOptions;
  mutate(options);
  return options;
}

function set(path: string[], value: unknown): Mutate {
  return (options) => {
    let target = options as Record<string, unknown>;
    for (const key of path.slice(0, -1)) {
      target[key] = { ...(target[key] as Record<string, unknown>) };
      target = target[key] as Record<string, unknown>;
    }
    target[path[path.length - 1]!] = value;
  };
}

const storeWithout = (method: string) => {
  const store = new session.MemoryStore() as unknown as Record<string, unknown>;
  const copy: Record<string, unknown> = {
    get: (store.get as () => void).bind(store),
    set: (store.set as () => void).bind(store),
    destroy: (store.destroy as () => void).bind(store),
    on: (store.on as () => void).bind(store),
  };
  delete copy[method];
  return copy;
};

const CASES: ReadonlyArray<[string, string, Mutate]> = [
  ['sp is missing', 'sp', set(['sp'], undefined)],
  ['sp.entityID is missing', 'sp.entityID', set(['sp', 'entityID'], undefined)],
  ['sp.entityID is blank', 'sp.entityID', set(['sp', 'entityID'], '   ')],
  [
    'sp.entityID holds a control character XML cannot carry',
    'sp.entityID',
    set(['sp', 'entityID'], 'https://sp.test/\u0001'),
  ],
  ['sp.baseUrl is not a URL', 'sp.baseUrl', set(['sp', 'baseUrl'], 'sp.test/app')],
  ['sp.baseUrl is not http(s)', 'sp.baseUrl', set(['sp', 'baseUrl'], 'ftp://sp.test')],
  ['sp.privateKey is missing', 'sp.privateKey', set(['sp', 'privateKey'], undefined)],
  ['sp.privateKey is garbage', 'sp.privateKey', set(['sp', 'privateKey'], 'not a key')],
  [
    'sp.privateKey is a certificate',
    'sp.privateKey',
    set(['sp', 'privateKey'], keys.sp.certificate),
  ],
  ['sp.certificate is missing', 'sp.certificate', set(['sp', 'certificate'], undefined)],
  ['sp.certificate is garbage', 'sp.certificate', set(['sp', 'certificate'], 'garbage')],
  [
    'sp.certificate does not match sp.privateKey',
    'sp.certificate',
    set(['sp', 'certificate'], keys.other.certificate),
  ],
  [
    'sp.signatureAlgorithm is invalid',
    'sp.signatureAlgorithm',
    set(['sp', 'signatureAlgorithm'], 'rsa-md5'),
  ],
  ['sp.decryptionKey is garbage', 'sp.decryptionKey', set(['sp', 'decryptionKey'], 'nope')],
  ['idps is missing', 'idps', set(['idps'], undefined)],
  ['idps is empty', 'idps', set(['idps'], [])],
  ['idps[0] is not an object', 'idps[0]', set(['idps'], ['https://idp.test'])],
  [
    'idps[0].entityID is missing',
    'idps[0].entityID',
    set(['idps'], [{ signingCertificates: keys.idp.certificate }]),
  ],
  [
    'idps[0].signingCertificates is missing',
    'idps[0].signingCertificates',
    set(['idps'], [{ entityID: IDP }]),
  ],
  [
    'idps[0].signingCertificates is an empty list',
    'idps[0].signingCertificates',
    set(['idps'], [{ entityID: IDP, signingCertificates: [] }]),
  ],
  [
    'idps[0].signingCertificates is garbage',
    'idps[0].signingCertificates',
    set(['idps'], [{ entityID: IDP, signingCertificates: 'garbage' }]),
  ],
  [
    'idps[0].signingCertificates[1] is garbage',
    'idps[0].signingCertificates[1]',
    set(['idps'], [{ entityID: IDP, signingCertificates: [keys.idp.certificate, 'garbage'] }]),
  ],
  [
    'idps[0].singleLogoutService.soap is not a URL',
    'idps[0].singleLogoutService.soap',
    set(
      ['idps'],
      [
        {
          entityID: IDP,
          signingCertificates: keys.idp.certificate,
          singleLogoutService: { soap: 'not a url' },
        },
      ],
    ),
  ],
  [
    'two IdPs share an entityID',
    'idps[1].entityID',
    set(
      ['idps'],
      [
        { entityID: IDP, signingCertificates: keys.idp.certificate },
        { entityID: IDP, signingCertificates: keys.other.certificate },
      ],
    ),
  ],
  ['store is missing', 'store', set(['store'], undefined)],
  ['store lacks destroy', 'store', set(['store'], storeWithout('destroy'))],
  ['store lacks get', 'store', set(['store'], storeWithout('get'))],
  ['limits.maxBodyBytes is 0', 'limits.maxBodyBytes', set(['limits', 'maxBodyBytes'], 0)],
  ['limits.maxBodyBytes is 1.5', 'limits.maxBodyBytes', set(['limits', 'maxBodyBytes'], 1.5)],
  ['limits.bodyTimeoutMs is 0', 'limits.bodyTimeoutMs', set(['limits', 'bodyTimeoutMs'], 0)],
  [
    'limits.bodyTimeoutMs is not a number',
    'limits.bodyTimeoutMs',
    set(['limits', 'bodyTimeoutMs'], '10000'),
  ],
  ['clockSkewMs is negative', 'clockSkewMs', set(['clockSkewMs'], -1)],
  ['clockSkewMs is not a number', 'clockSkewMs', set(['clockSkewMs'], '120000')],
  ['maxMessageAgeMs is 0', 'maxMessageAgeMs', set(['maxMessageAgeMs'], 0)],
  ['now returns a Date', 'now', set(['now'], () => new Date())],
  ['now returns NaN', 'now', set(['now'], () => Number.NaN)],
  [
    'now throws',
    'now',
    set(['now'], () => {
      throw new Error('clock not ready');
    }),
  ],
  // Paths are appended to baseUrl as text: these would publish endpoints nobody serves.
  ['sp.baseUrl has a query', 'sp.baseUrl', set(['sp', 'baseUrl'], 'https://sp.test/app?t=1')],
  ['sp.baseUrl has a fragment', 'sp.baseUrl', set(['sp', 'baseUrl'], 'https://sp.test/#top')],
  ['sp.baseUrl has credentials', 'sp.baseUrl', set(['sp', 'baseUrl'], 'https://u:p@sp.test')],
  // Browsers read these as another host, not a path of this one.
  [
    'sp.afterLogoutUrl is protocol-relative',
    'sp.afterLogoutUrl',
    set(['sp', 'afterLogoutUrl'], '//evil.example/x'),
  ],
  [
    'sp.afterLogoutUrl hides "//" behind a tab',
    'sp.afterLogoutUrl',
    set(['sp', 'afterLogoutUrl'], '/\t/evil.example/x'),
  ],
  [
    'sp.afterLogoutUrl starts with a backslash',
    'sp.afterLogoutUrl',
    set(['sp', 'afterLogoutUrl'], '/\\evil.example/x'),
  ],
  [
    'metadata.nameIDFormats is a string',
    'metadata.nameIDFormats',
    set(['metadata', 'nameIDFormats'], 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'),
  ],
  [
    'metadata.nameIDFormats holds an empty string',
    'metadata.nameIDFormats',
    set(['metadata', 'nameIDFormats'], ['']),
  ],
  // Without a boolean `shared`, a shared index would slip past the replay-cache check.
  [
    'sessionIndex has no boolean shared',
    'sessionIndex',
    set(['sessionIndex'], Object.assign(new MemorySessionIndex(), { shared: 'yes' })),
  ],
  // Past Node's timer limit (2^31 − 1 ms) a timeout fires at once and a lifetime overflows
  // dates and Redis expiries: every logout would fail.
  ['clockSkewMs is past 2^31 − 1', 'clockSkewMs', set(['clockSkewMs'], 2 ** 31)],
  ['maxMessageAgeMs is 1e21', 'maxMessageAgeMs', set(['maxMessageAgeMs'], 1e21)],
  [
    'spInitiated.soapTimeoutMs is 3e9',
    'spInitiated.soapTimeoutMs',
    set(['spInitiated', 'soapTimeoutMs'], 3e9),
  ],
  [
    'spInitiated.requestLifetimeMs is 1e16',
    'spInitiated.requestLifetimeMs',
    set(['spInitiated', 'requestLifetimeMs'], 1e16),
  ],
  [
    'spInitiated.requestLifetimeMs is NaN',
    'spInitiated.requestLifetimeMs',
    set(['spInitiated', 'requestLifetimeMs'], Number.NaN),
  ],
  ['noSessionStatus is invalid', 'noSessionStatus', set(['noSessionStatus'], 'failure')],
  [
    'security.allowSha1 is not a boolean',
    'security.allowSha1',
    set(['security', 'allowSha1'], 'yes'),
  ],
  [
    'security.requireDestination is not a boolean',
    'security.requireDestination',
    set(['security', 'requireDestination'], 1),
  ],
  ['paths.logout does not start with "/"', 'paths.logout', set(['paths', 'logout'], 'saml/logout')],
  ['paths.logout is a full URL', 'paths.logout', set(['paths', 'logout'], 'https://x/saml')],
  ['paths.metadata does not start with "/"', 'paths.metadata', set(['paths', 'metadata'], 'md')],
  [
    'sessionIndex lacks find',
    'sessionIndex',
    set(['sessionIndex'], { add() {}, get() {}, touch() {}, remove() {} }),
  ],
  [
    'sessionIndex lacks tombstone (written against the interface before it had one)',
    'sessionIndex',
    set(['sessionIndex'], {
      shared: false,
      add() {},
      find() {},
      claimForLogout() {},
      touch() {},
      remove() {},
      isLoggedOut() {},
    }),
  ],
  ['replayCache lacks remember', 'replayCache', set(['replayCache'], {})],
  ['logger lacks warn', 'logger', set(['logger'], { debug() {}, info() {}, error() {} })],
];

describe('createSlo option validation', () => {
  describe.each(CASES)('when %s', (_name, option, mutate) => {
    it(`throws SLO_OPTION_INVALID naming ${option}`, () => {
      const err = caughtSloErrorSync(() => createSlo(optionsWith(mutate)));
      expect(err.code).toBe(SloErrorCode.OptionInvalid);
      expect(err.option).toBe(option);
      expect(err.message).toContain(option);
    });
  });

  it('says which methods a store lacks', () => {
    const err = caughtSloErrorSync(() =>
      createSlo(optionsWith(set(['store'], storeWithout('destroy')))),
    );
    expect(err.message).toMatch(/destroy/);
  });

  it('throws for options that are not an object', () => {
    const err = caughtSloErrorSync(() => createSlo(undefined as unknown as SloOptions));
    expect(err.code).toBe(SloErrorCode.OptionInvalid);
  });

  describe('a shared session index (several instances) with no replayCache', () => {
    // A shared index without a shared replay cache: a LogoutRequest replayed to another
    // instance would be acted on there again.
    const sharedIndex = () => Object.assign(new MemorySessionIndex(), { shared: true });

    it('is refused, naming replayCache and RedisReplayCache', () => {
      const error = caughtSloErrorSync(() =>
        createSlo({ ...validOptions(), sessionIndex: sharedIndex() }),
      );
      expect(error.code).toBe(SloErrorCode.OptionInvalid);
      expect(error.option).toBe('replayCache');
      expect(error.message).toContain('RedisReplayCache');
    });

    it('is accepted once a replay cache is named (the choice is then explicit)', () => {
      const replayCache = new MemoryReplayCache();
      expect(() =>
        createSlo({ ...validOptions(), sessionIndex: sharedIndex(), replayCache }),
      ).not.toThrow();
    });

    it('does not concern an index of one process, which keeps the in-memory default', () => {
      expect(() =>
        createSlo({ ...validOptions(), sessionIndex: new MemorySessionIndex() }),
      ).not.toThrow();
    });
  });

  describe('one session index object serves one SP', () => {
    it.each([
      ['MemorySessionIndex', () => new MemorySessionIndex()],
      [
        'RedisSessionIndex',
        () => new RedisSessionIndex({ client: createClient({ url: 'redis://127.0.0.1:1' }) }),
      ],
    ])(
      '%s given to a second SP is refused, naming sessionIndex and both SPs',
      (_name, makeIndex) => {
        const sessionIndex = makeIndex();
        const replayCache = new MemoryReplayCache();
        createSlo({ ...validOptions(), sessionIndex, replayCache });
        const other = validOptions();
        const error = caughtSloErrorSync(() =>
          createSlo({
            ...other,
            sp: { ...other.sp, entityID: 'https://other-sp.test/metadata' },
            sessionIndex,
            replayCache,
          }),
        );
        expect(error.code).toBe(SloErrorCode.OptionInvalid);
        expect(error.option).toBe('sessionIndex');
        expect(error.message).toContain(SP);
        expect(error.message).toContain('https://other-sp.test/metadata');
      },
    );
  });

  describe('accepts', () => {
    it('a valid configuration, returning store, router, trackLogins and logoutUrl', () => {
      const slo = createSlo(validOptions());
      expect(slo.store).toBeDefined();
      expect(typeof slo.store.destroy).toBe('function');
      expect(typeof slo.router).toBe('function');
      expect(typeof slo.router()).toBe('function');
      expect(typeof slo.trackLogins).toBe('function');
      expect(slo.logoutUrl).toBe('https://sp.test/saml/logout');
      expect(slo.sessionIndex).toBeInstanceOf(MemorySessionIndex);
    });

    it('certificates given as bare base64 (no PEM armour), for the SP and the IdPs', () => {
      const options = validOptions();
      const slo = createSlo({
        ...options,
        sp: { ...options.sp, certificate: bareBase64(keys.sp.certificate) },
        idps: [{ entityID: IDP, signingCertificates: [bareBase64(keys.idp.certificate)] }],
      });
      expect(slo.logoutUrl).toBe('https://sp.test/saml/logout');
    });

    it('keys and certificates as Buffers', () => {
      const options = validOptions();
      expect(() =>
        createSlo({
          ...options,
          sp: {
            ...options.sp,
            privateKey: Buffer.from(keys.sp.privateKey),
            certificate: Buffer.from(keys.sp.certificate),
          },
          idps: [{ entityID: IDP, signingCertificates: Buffer.from(keys.idp.certificate) }],
        }),
      ).not.toThrow();
    });

    it('several IdPs, each with several certificates', () => {
      const options = validOptions();
      expect(() =>
        createSlo({
          ...options,
          idps: [
            { entityID: IDP, signingCertificates: [keys.idp.certificate, keys.other.certificate] },
            { entityID: 'https://idp2.test', signingCertificates: keys.other.certificate },
          ],
        }),
      ).not.toThrow();
    });

    it('a baseUrl with a path and a trailing slash, and a custom logout path', () => {
      const options = validOptions();
      const slo = createSlo({
        ...options,
        sp: { ...options.sp, baseUrl: 'https://sp.test/app/' },
        paths: { logout: '/sso/slo' },
      });
      expect(slo.logoutUrl).toBe('https://sp.test/app/sso/slo');
    });

    it('the session index passed in', () => {
      const sessionIndex = new MemorySessionIndex();
      expect(createSlo({ ...validOptions(), sessionIndex }).sessionIndex).toBe(sessionIndex);
    });

    it('one session index for the same SP twice (two routers of one app)', () => {
      const sessionIndex = new MemorySessionIndex();
      createSlo({ ...validOptions(), sessionIndex });
      expect(() => createSlo({ ...validOptions(), sessionIndex })).not.toThrow();
    });

    it('clockSkewMs of 0 and every valid noSessionStatus', () => {
      expect(() => createSlo({ ...validOptions(), clockSkewMs: 0 })).not.toThrow();
      expect(() =>
        createSlo({ ...validOptions(), noSessionStatus: 'unknown-principal' }),
      ).not.toThrow();
      expect(() => createSlo({ ...validOptions(), noSessionStatus: 'success' })).not.toThrow();
    });
  });
});
