import session from 'express-session';
import { MemorySessionIndex, SamlStatus, type SloHooks, type SloLogger } from '../../lib';
import { Gate } from '../multi-instance/support/gate';
import { startSp, type SpHarness } from '../support/sp-app';
import { signedAnswerTo, soapLogout } from './support/soap-logout';

/** A memory index whose `remove` can be held at a gate, or fail. */
class HeldIndex extends MemorySessionIndex {
  gate: Gate | undefined;
  failRemove = false;
  override async remove(sessionId: string): Promise<void> {
    await this.gate?.pass();
    if (this.failRemove) throw new Error('index unreachable');
    return super.remove(sessionId);
  }
}

/** A MemoryStore whose destroy fails once `failing` is set, as a store outage would. */
class UndestroyableStore extends session.MemoryStore {
  failing = false;
  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    if (!this.failing) return super.destroy(sid, callback);
    setImmediate(() => callback?.(new Error(`store refused to destroy ${sid}`)));
  }
}

/**
 * A negative check needs a bound: an answer sent without waiting for the clean-up would
 * arrive within a few milliseconds of the signing (≈ 1 ms); this gives it 300.
 */
const longEnoughToAnswer = () => new Promise((resolve) => setTimeout(resolve, 300));

/**
 * After a back-channel logout destroys a session, removing its index entry is clean-up (the
 * session is already gone). It runs while the LogoutResponse is signed; the hooks run after
 * it, and the answer leaves only once both are done. If it fails, the answer is unchanged
 * and a warning is logged. A session the store could not destroy keeps its entry.
 */
describe('the SOAP answer and the index clean-up of the sessions it ended', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  async function aliceLoggedIn(
    index: HeldIndex,
    extra: { logger?: SloLogger; hooks?: SloHooks; store?: session.Store } = {},
  ) {
    sp = await startSp({
      ...(extra.store ? { store: extra.store } : {}),
      slo: {
        sessionIndex: index,
        ...(extra.logger ? { logger: extra.logger } : {}),
        ...(extra.hooks ? { hooks: extra.hooks } : {}),
      },
    });
    const cookie = await sp.login('alice', ['_alice-1']);
    const { sessionID } = (await sp.me(cookie))!;
    return { sp, sessionID };
  }

  const stored = (harness: SpHarness, sid: string) =>
    new Promise((resolve) => harness.store.get(sid, (_err, data) => resolve(data ?? null)));
  const aliceEntries = (harness: SpHarness, index: HeldIndex) =>
    index.find({ issuer: harness.idp.entityID, nameID: 'alice' });

  it('is sent only once the index entry is removed; the session is gone before that', async () => {
    const index = new HeldIndex();
    const { sp, sessionID } = await aliceLoggedIn(index);
    const gate = (index.gate = new Gate());
    let answered = false;
    const pending = soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_alice-1'] }).then(
      (result) => {
        answered = true;
        return result;
      },
    );

    await gate.entered; // the clean-up started…
    expect(await stored(sp, sessionID)).toBeNull(); // …after the store destroyed the session
    expect(await aliceEntries(sp, index)).toEqual([sessionID]);
    await longEnoughToAnswer();
    expect(answered).toBe(false);

    gate.release();
    const result = await pending;
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      status: SamlStatus.Success,
    });
    expect(await aliceEntries(sp, index)).toEqual([]);
  });

  it('the hooks run after the clean-up: they see the index without the destroyed session', async () => {
    const index = new HeldIndex();
    const seen: Record<string, string[]> = {};
    const look = (hook: string) => async () => {
      seen[hook] = await index.find({ issuer: sp!.idp.entityID, nameID: 'alice' });
    };
    await aliceLoggedIn(index, {
      hooks: { onSessionDestroyed: look('onSessionDestroyed'), afterLogout: look('afterLogout') },
    });
    const result = await soapLogout(sp!, { nameID: 'alice', sessionIndexes: ['_alice-1'] });
    expect(result.response.status).toBe(SamlStatus.Success);
    expect(seen).toEqual({ onSessionDestroyed: [], afterLogout: [] });
  });

  it('an admin logoutUser resolves only once the index entry is removed', async () => {
    const index = new HeldIndex();
    const { sp } = await aliceLoggedIn(index);
    const gate = (index.gate = new Gate());
    let resolved = false;
    const pending = sp.slo
      .logoutUser({ issuer: sp.idp.entityID, nameID: 'alice' })
      .then((report) => {
        resolved = true;
        return report;
      });
    await gate.entered;
    await longEnoughToAnswer();
    expect(resolved).toBe(false);
    gate.release();
    expect(await pending).toMatchObject({ sessionsDestroyed: 1, status: SamlStatus.Success });
    expect(await aliceEntries(sp, index)).toEqual([]);
  });

  it('a clean-up that fails leaves the answer a Success (the session is gone) and logs a warning', async () => {
    const warnings: Record<string, unknown>[] = [];
    const logger: SloLogger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (event) => void warnings.push(event),
      error: () => undefined,
    };
    const index = new HeldIndex();
    const { sp, sessionID } = await aliceLoggedIn(index, { logger });
    index.failRemove = true;

    const result = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_alice-1'] });
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      status: SamlStatus.Success,
    });
    expect(await stored(sp, sessionID)).toBeNull();
    expect(warnings).toContainEqual(
      expect.objectContaining({ event: 'saml_slo.index_remove_failed' }),
    );
  });

  it('a session the store could not destroy keeps its index entry (PartialLogout), for the IdP to retry', async () => {
    const index = new HeldIndex();
    const store = new UndestroyableStore();
    const { sp, sessionID } = await aliceLoggedIn(index, { store });
    store.failing = true;
    const result = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_alice-1'] });
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      status: SamlStatus.Responder,
      subStatus: SamlStatus.PartialLogout,
    });
    expect(await aliceEntries(sp, index)).toEqual([sessionID]);
  });
});
