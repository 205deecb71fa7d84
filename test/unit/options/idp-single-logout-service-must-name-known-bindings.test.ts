import session from 'express-session';
import { SloErrorCode, createSlo, type SloOptions } from '../../../lib';
import { resolveOptions } from '../../../lib/options/resolve-options';
import { keys } from '../../support/keys';
import { caughtSloErrorSync } from '../support/slo-error';

const IDP = 'https://idp.test/metadata';
const SLO_URL = 'https://idp.test/slo';

/** Options whose one IdP has `singleLogoutService` (loosely typed, to express wrong shapes). */
function withServices(singleLogoutService: unknown): SloOptions {
  return {
    sp: {
      entityID: 'https://sp.test/metadata',
      baseUrl: 'https://sp.test',
      privateKey: keys.sp.privateKey,
      certificate: keys.sp.certificate,
    },
    idps: [
      { entityID: IDP, signingCertificates: keys.idp.certificate, singleLogoutService },
    ] as SloOptions['idps'],
    store: new session.MemoryStore(),
  };
}

describe('idps[].singleLogoutService must be an object of known bindings', () => {
  it.each([
    ['a bare URL string', SLO_URL],
    ['an array', [SLO_URL]],
    ['null', null],
  ])('%s is refused, naming the option and the shape to give', (_name, value) => {
    const error = caughtSloErrorSync(() => createSlo(withServices(value)));
    expect(error).toMatchObject({
      code: SloErrorCode.OptionInvalid,
      option: 'idps[0].singleLogoutService',
    });
    expect(error.message).toMatch(/soap, redirect, post/);
  });

  it.each([
    ['a mis-cased binding', { Redirect: SLO_URL }, 'Redirect', 'redirect'],
    [
      "the binding's SAML URI",
      { 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST': SLO_URL },
      'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
      'post',
    ],
    ['a misspelt binding', { soapp: SLO_URL }, 'soapp', 'soap'],
  ])('%s is refused, naming the key and the binding meant', (_name, value, key, meant) => {
    const error = caughtSloErrorSync(() => createSlo(withServices(value)));
    expect(error).toMatchObject({
      code: SloErrorCode.OptionInvalid,
      option: `idps[0].singleLogoutService.${key}`,
    });
    expect(error.message).toContain(`did you mean idps[0].singleLogoutService.${meant}?`);
    expect(error.message).toContain('Known: soap, redirect, post');
  });

  it('an unknown binding with no close match is refused, listing the known ones', () => {
    const error = caughtSloErrorSync(() => createSlo(withServices({ artifact: SLO_URL })));
    expect(error.option).toBe('idps[0].singleLogoutService.artifact');
    expect(error.message).not.toContain('did you mean');
    expect(error.message).toContain('Known: soap, redirect, post');
  });

  it.each([
    ['a misspelt key', { location: SLO_URL, responseLocaton: SLO_URL }, 'responseLocaton'],
    ['a mis-cased key', { Location: SLO_URL }, 'Location'],
  ])('an endpoint object with %s is refused, naming the key meant', (_name, endpoint, key) => {
    const error = caughtSloErrorSync(() => createSlo(withServices({ redirect: endpoint })));
    expect(error).toMatchObject({
      code: SloErrorCode.OptionInvalid,
      option: `idps[0].singleLogoutService.redirect.${key}`,
    });
    expect(error.message).toMatch(
      /did you mean idps\[0\]\.singleLogoutService\.redirect\.(location|responseLocation)\?/,
    );
  });

  it('every binding, as a URL or as { location, responseLocation }, is accepted and used', () => {
    const config = resolveOptions(
      withServices({
        soap: `${SLO_URL}/soap`,
        redirect: { location: `${SLO_URL}/redirect`, responseLocation: `${SLO_URL}/return` },
        post: { location: `${SLO_URL}/post` },
      }),
    );
    expect(config.idps.get(IDP)!.singleLogoutService).toEqual({
      soap: { location: `${SLO_URL}/soap` },
      redirect: { location: `${SLO_URL}/redirect`, responseLocation: `${SLO_URL}/return` },
      post: { location: `${SLO_URL}/post` },
    });
  });
});
