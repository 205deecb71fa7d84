import { SamlStatus, SloErrorCode, type LogoutVeto } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { soapLogout } from './support/soap-logout';

describe('a beforeLogout veto refuses the logout and touches no session', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it.each<[LogoutVeto['deny'], string, string]>([
    ['requester', 'Requester', SamlStatus.Requester],
    ['responder', 'Responder', SamlStatus.Responder],
  ])(
    "{ deny: '%s' } is answered %s/RequestDenied with StatusMessage SLO_LOGOUT_VETOED; the user stays logged in",
    async (deny, _name, status) => {
      const destroyed: string[] = [];
      sp = await startSp({
        slo: {
          hooks: {
            beforeLogout: () => ({ deny }),
            onSessionDestroyed: (event) => {
              destroyed.push(event.sessionId);
            },
          },
        },
      });
      const alice = await sp.login('alice', ['_alice-1']);

      const result = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_alice-1'] });

      expect(result.status).toBe(200);
      expect(result.response).toMatchObject({
        signatureValid: true,
        inResponseTo: result.requestId,
        status,
        subStatus: SamlStatus.RequestDenied,
        statusMessage: SloErrorCode.LogoutVetoed,
      });
      expect((await sp.me(alice))?.user.nameID).toBe('alice');
      expect(destroyed).toEqual([]);
    },
  );
});
