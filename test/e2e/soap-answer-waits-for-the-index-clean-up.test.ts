import { MemorySessionIndex, SamlStatus, type SloLogger } from '../../lib';
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

/**
 * After a back-channel logout destroys a session, removing its index entry is clean-up (the
 * session is already gone). It runs while the LogoutResponse is signed, and the answer
 * leaves only once it is done; if it fails, the answer is unchanged and a warning is logged.
 */
describe('the SOAP answer and the index clean-up of the sessions it ended', () => {
  let sp: SpHarness | undefined;
  afterEach(() => sp?.close());

  async function aliceLoggedIn(index: HeldIndex, logger?: SloLogger) {
    sp = await startSp({ slo: { sessionIndex: index, ...(logger ? { logger } : {}) } });
    const cookie = await sp.login('alice', ['_alice-1']);
    const { sessionID } = (await sp.me(cookie))!;
    return { sp, sessionID };
  }

  const stored = (harness: SpHarness, sid: string) =>
    new Promise((resolve) => harness.store.get(sid, (_err, data) => resolve(data ?? null)));

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
    expect(await index.find({ issuer: sp.idp.entityID, nameID: 'alice' })).toEqual([sessionID]);
    expect(answered).toBe(false);

    gate.release();
    const result = await pending;
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      status: SamlStatus.Success,
    });
    expect(await index.find({ issuer: sp.idp.entityID, nameID: 'alice' })).toEqual([]);
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
    const { sp, sessionID } = await aliceLoggedIn(index, logger);
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
});
