import session from 'express-session';
import { createSlo, SloError, SloErrorCode, type SloOptions } from '../../lib';
import { keys } from '../support/keys';

const base: SloOptions = {
  sp: { entityID: 'https://sp.test/metadata', baseUrl: 'https://sp.test', ...keys.sp },
  idps: [{ entityID: 'https://idp.test/metadata', signingCertificates: keys.idp.certificate }],
  store: new session.MemoryStore(),
};

function optionErrorOf(hooks: unknown): unknown {
  try {
    createSlo({ ...base, hooks: hooks as SloOptions['hooks'] });
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('createSlo validates hooks', () => {
  it.each(['beforeLogut', 'onLogout', 'toString'])(
    'an unknown hook name (%s) throws SLO_OPTION_INVALID naming hooks.<name>',
    (name) => {
      const error = optionErrorOf({ [name]: () => undefined });

      expect(error).toBeInstanceOf(SloError);
      expect(error).toMatchObject({ code: SloErrorCode.OptionInvalid, option: `hooks.${name}` });
      expect((error as SloError).message).toContain('beforeLogout');
    },
  );

  it.each([
    ['beforeLogout', 'audit'],
    ['onSessionDestroyed', { call: () => undefined }],
    ['afterLogout', null],
    ['onSpLogoutResult', 42],
  ])(
    'a hook that is not a function (%s: %p) throws SLO_OPTION_INVALID naming it',
    (name, value) => {
      const error = optionErrorOf({ [name]: value });

      expect(error).toBeInstanceOf(SloError);
      expect(error).toMatchObject({ code: SloErrorCode.OptionInvalid, option: `hooks.${name}` });
    },
  );

  it('every known hook, given as a function (or left undefined), is accepted', () => {
    expect(
      optionErrorOf({
        beforeLogout: () => undefined,
        onSessionDestroyed: async () => undefined,
        afterLogout: () => undefined,
        onSpLogoutResult: undefined,
      }),
    ).toBeUndefined();
  });
});
