import { createPrivateKey } from 'node:crypto';
import session from 'express-session';
import {
  MemoryReplayCache,
  SloErrorCode,
  createSlo,
  idpFromMetadata,
  type SloOptions,
} from '../../../lib';
import { MemorySessionIndex } from '../../../lib/session-index/memory-session-index';
import { keys } from '../../support/keys';
import { rolloverIdpMetadata } from '../../metadata/support/idp-metadata';
import { caughtSloErrorSync } from '../support/slo-error';
import { validOptions } from './support/valid-options';

const IDP = 'https://idp.test/metadata';

/** Valid options with `extra` merged in (loosely typed: the point is keys the type lacks). */
function withExtra(extra: Record<string, unknown>): SloOptions {
  return { ...validOptions(), ...extra } as unknown as SloOptions;
}

describe('unknown option keys are refused, naming the key meant', () => {
  it.each([
    ['security.allowSHA1', { security: { allowSHA1: true } }, 'security.allowSha1'],
    [
      'security.requireDestinaton',
      { security: { requireDestinaton: false } },
      'security.requireDestination',
    ],
    [
      'security.soapClientCertificat',
      { security: { soapClientCertificat: true } },
      'security.soapClientCertificate',
    ],
    [
      'sp.decryptionCert',
      { sp: { ...validOptions().sp, decryptionCert: keys.sp.certificate } },
      'sp.decryptionCertificate',
    ],
    ['clockSkew', { clockSkew: 1000 }, 'clockSkewMs'],
    ['idp', { idp: [] }, 'idps'],
    ['metadata.signed', { metadata: { signed: true } }, 'metadata.sign'],
    ['paths.logut', { paths: { logut: '/slo' } }, 'paths.logout'],
    ['limits.maxBodyByte', { limits: { maxBodyByte: 1024 } }, 'limits.maxBodyBytes'],
    ['spInitiated.binding', { spInitiated: { binding: ['soap'] } }, 'spInitiated.bindings'],
    [
      'idps[0].signingCertificate',
      { idps: [{ entityID: IDP, signingCertificate: keys.idp.certificate }] },
      'idps[0].signingCertificates',
    ],
    ['hooks.beforeLogut', { hooks: { beforeLogut: () => undefined } }, 'hooks.beforeLogout'],
  ])('%s: SLO_OPTION_INVALID on that path, saying which key was meant', (path, extra, meant) => {
    const error = caughtSloErrorSync(() => createSlo(withExtra(extra)));
    expect(error).toMatchObject({ code: SloErrorCode.OptionInvalid, option: path });
    expect(error.message).toContain(`did you mean ${meant}?`);
  });

  it('a key close to none is refused with the known keys of its level', () => {
    const error = caughtSloErrorSync(() => createSlo(withExtra({ security: { colour: 'red' } })));
    expect(error.option).toBe('security.colour');
    expect(error.message).not.toContain('did you mean');
    expect(error.message).toContain('Known: allowSha1, requireDestination, soapClientCertificate');
  });

  it('an unknown key is refused even when its value is undefined (the typo is still a typo)', () => {
    const error = caughtSloErrorSync(() => createSlo(withExtra({ noSessionStatuss: undefined })));
    expect(error.option).toBe('noSessionStatuss');
  });

  it.each([
    ['security', true],
    ['paths', '/saml/logout'],
    ['hooks', [() => undefined]],
  ])('a section that is not an object (%s: %p) is refused, listing its keys', (name, value) => {
    const error = caughtSloErrorSync(() => createSlo(withExtra({ [name]: value })));
    expect(error).toMatchObject({ code: SloErrorCode.OptionInvalid, option: name });
    expect(error.message).toContain('must be an object');
  });

  it('every option of SloOptions, at every level, is accepted', () => {
    const sessionIndex = new MemorySessionIndex();
    const options: Required<SloOptions> = {
      sp: {
        entityID: 'https://sp.test/metadata',
        baseUrl: 'https://sp.test',
        privateKey: createPrivateKey(keys.sp.privateKey),
        certificate: keys.sp.certificate,
        decryptionKey: keys.other.privateKey,
        decryptionCertificate: keys.other.certificate,
        signatureAlgorithm: 'rsa-sha256',
        acsUrl: 'https://sp.test/acs',
        afterLogoutUrl: '/bye',
      },
      idps: [
        {
          entityID: IDP,
          signingCertificates: [keys.idp.certificate],
          tlsClientCertificates: keys.idp.certificate,
          singleLogoutService: {
            soap: 'https://idp.test/slo/soap',
            redirect: { location: 'https://idp.test/slo', responseLocation: 'https://idp.test/r' },
            post: 'https://idp.test/slo/post',
          },
          singleSignOnService: { redirect: { location: 'https://idp.test/sso' } },
        },
      ],
      store: new session.MemoryStore(),
      sessionIndex,
      replayCache: new MemoryReplayCache(),
      paths: { logout: '/slo', metadata: '/md' },
      clockSkewMs: 1000,
      maxMessageAgeMs: 60_000,
      security: { allowSha1: false, requireDestination: true, soapClientCertificate: true },
      limits: { maxBodyBytes: 1024, bodyTimeoutMs: 1000 },
      spInitiated: {
        bindings: ['soap'],
        allowGet: false,
        soapTimeoutMs: 1000,
        requestLifetimeMs: 1000,
      },
      metadata: { sign: true, soap: 'auto', nameIDFormats: [] },
      noSessionStatus: 'success',
      hooks: {
        beforeLogout: () => undefined,
        onSessionDestroyed: () => undefined,
        afterLogout: () => undefined,
        onSpLogoutResult: () => undefined,
      },
      metrics: {
        logoutHandled: () => undefined,
        sessionsDestroyed: () => undefined,
        spLogoutCompleted: () => undefined,
      },
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      now: Date.now,
    };
    expect(createSlo(options).logoutUrl).toBe('https://sp.test/slo');
  });

  it("idpFromMetadata's result (with its singleSignOnService) is accepted as an idps entry as is", () => {
    const idp = idpFromMetadata(rolloverIdpMetadata());
    expect(Object.keys(idp)).toContain('singleSignOnService');
    expect(() => createSlo({ ...validOptions(), idps: [idp] })).not.toThrow();
  });
});
