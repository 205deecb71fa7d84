import { SloErrorCode, createSlo, type SloOptions } from '../../../lib';
import { caughtSloErrorSync } from '../support/slo-error';
import { validOptions } from './support/valid-options';

function withPaths(paths: SloOptions['paths']): SloOptions {
  return validOptions({ paths });
}

describe('paths.logout and paths.metadata must differ', () => {
  it.each([
    ['both set to one path', { logout: '/saml', metadata: '/saml' }],
    ['paths.logout set to the default metadata path', { logout: '/saml/metadata' }],
    ['paths.metadata set to the default logout path', { metadata: '/saml/logout' }],
  ])('%s is refused at start-up, naming both options', (_name, paths) => {
    const error = caughtSloErrorSync(() => createSlo(withPaths(paths)));
    expect(error).toMatchObject({ code: SloErrorCode.OptionInvalid, option: 'paths.logout' });
    expect(error.message).toContain('paths.metadata');
    expect(error.message).toContain('different paths');
  });

  it('distinct paths are accepted, and the logout endpoint is where they say', () => {
    const slo = createSlo(withPaths({ logout: '/saml', metadata: '/saml/md' }));
    expect(slo.logoutUrl).toBe('https://sp.test/saml');
  });
});
