import session from 'express-session';
import { MemorySessionIndex, SamlStatus, SloErrorCode, type SessionQuery } from '../../lib';
import type { LogoutClaim } from '../../lib/session-index/session-index';
import { startSp, type SpHarness } from '../support/sp-app';
import { signedAnswerTo, soapLogout } from './support/soap-logout';

/** A MemoryStore whose `destroy` fails for one chosen session id, as a store outage would. */
class StoreFailingFor extends session.MemoryStore {
  failingSessionId: string | undefined;

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    if (sid !== this.failingSessionId) return super.destroy(sid, callback);
    setImmediate(() => callback?.(new Error(`store refused to destroy ${sid}`)));
  }
}

/** A session index that can record logins but not answer lookups (e.g. Redis down). */
class UnreadableIndex extends MemorySessionIndex {
  override async find(_query: SessionQuery): Promise<string[]> {
    throw new Error('session index unreachable');
  }

  override async claimForLogout(_claim: LogoutClaim): Promise<string[]> {
    throw new Error('session index unreachable');
  }
}

const partialLogout = {
  status: SamlStatus.Responder,
  subStatus: SamlStatus.PartialLogout,
};

describe('a logout that cannot end every session is answered Responder/PartialLogout', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  it('when the store fails to destroy one of the sessions: the other one still ends, the failed one is reported and tombstoned', async () => {
    const store = new StoreFailingFor();
    sp = await startSp({ store });
    const first = await sp.login('alice', ['_alice-1']);
    const second = await sp.login('alice', ['_alice-2']);
    const stuck = (await sp.me(second))!.sessionID;
    store.failingSessionId = stuck;

    const result = await soapLogout(sp, { nameID: 'alice' });

    expect(result.status).toBe(200);
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      ...partialLogout,
      statusMessage: SloErrorCode.SessionDestroyFailed,
    });
    expect(await sp.me(first)).toBeNull();
    // Its data is still in the store (hence PartialLogout), but the tombstone written before
    // the destroy means this instance no longer serves it.
    const stillStored = await new Promise((resolve) =>
      store.get(stuck, (_err, data) => resolve(data)),
    );
    expect(stillStored).toBeTruthy();
    expect(sp.slo.sessionIndex.isLoggedOut(stuck)).toBe(true);
    expect(await sp.me(second)).toBeNull();
    expect(await sp.slo.sessionIndex.find({ issuer: sp.idp.entityID, nameID: 'alice' })).toEqual([
      stuck,
    ]);
  });

  it('keeps the failed session findable, so a retry after the store recovers ends it', async () => {
    const store = new StoreFailingFor();
    sp = await startSp({ store });
    const alice = await sp.login('alice', ['_alice-1']);
    store.failingSessionId = (await sp.me(alice))!.sessionID;
    expect((await soapLogout(sp, { nameID: 'alice' })).response).toMatchObject(partialLogout);

    store.failingSessionId = undefined;
    const retry = await soapLogout(sp, { nameID: 'alice' });

    expect(retry.response).toMatchObject({
      ...signedAnswerTo(sp, retry),
      status: SamlStatus.Success,
    });
    expect(await sp.me(alice)).toBeNull();
  });

  it('when the session index cannot be read: never Success, and the session lives on', async () => {
    sp = await startSp({ slo: { sessionIndex: new UnreadableIndex() } });
    const alice = await sp.login('alice', ['_alice-1']);

    const result = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_alice-1'] });

    expect(result.status).toBe(200);
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      ...partialLogout,
      statusMessage: SloErrorCode.SessionIndexUnavailable,
    });
    expect((await sp.me(alice))?.user.nameID).toBe('alice');
  });
});
