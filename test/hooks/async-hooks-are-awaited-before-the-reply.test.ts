import { SamlStatus } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { deferred } from './support/deferred';
import { soapLogout } from './support/soap-logout';

describe('async hooks are awaited before the LogoutResponse is sent', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it('an onSessionDestroyed that resolves later (after another HTTP round trip to the SP) still completes before the SOAP reply arrives', async () => {
    const events: string[] = [];
    const entered = deferred();
    const release = deferred();
    sp = await startSp({
      slo: {
        hooks: {
          beforeLogout: async () => {
            events.push('beforeLogout');
          },
          onSessionDestroyed: async () => {
            events.push('onSessionDestroyed started');
            entered.resolve();
            await release.promise;
            events.push('onSessionDestroyed finished');
          },
          afterLogout: async () => {
            await Promise.resolve();
            events.push('afterLogout');
          },
        },
      },
    });
    const alice = await sp.login('alice', ['_alice-1']);
    const bob = await sp.login('bob', ['_bob-1']);

    const reply = soapLogout(sp, { nameID: 'alice' }).then((result) => {
      events.push('SOAP reply');
      return result;
    });
    await entered.promise;
    // A full request/response with the same server while the hook is pending: had the
    // reply not waited for the hook, it would have arrived by now.
    expect((await sp.me(bob))?.user.nameID).toBe('bob');
    events.push('released');
    release.resolve();
    const result = await reply;

    expect(result.response.status).toBe(SamlStatus.Success);
    expect(await sp.me(alice)).toBeNull();
    expect(events).toEqual([
      'beforeLogout',
      'onSessionDestroyed started',
      'released',
      'onSessionDestroyed finished',
      'afterLogout',
      'SOAP reply',
    ]);
  });
});
