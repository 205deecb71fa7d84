import { MemorySessionIndex } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';

describe('a session index entry lives exactly as long as its session', () => {
  let clock = Date.now();
  const index = new MemorySessionIndex({ now: () => clock });
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startSp({ slo: { sessionIndex: index } });
  });
  afterAll(() => sp.close());

  const findAll = (nameID: string) => index.find({ issuer: sp.idp.entityID, nameID });

  async function loginAndIndex(nameID: string) {
    const cookie = await sp.login(nameID, [`_${nameID}-1`]);
    const sessionID = (await sp.me(cookie))!.sessionID;
    expect(await findAll(nameID)).toEqual([sessionID]);
    return { cookie, sessionID };
  }

  it('is removed when the app logs the user out with req.logout()', async () => {
    const { cookie } = await loginAndIndex('alice');

    const reply = await fetch(`${sp.baseUrl}/logout`, { method: 'POST', headers: { cookie } });

    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ ok: true });
    expect(await sp.me(cookie)).toBeNull();
    expect(await findAll('alice')).toEqual([]);
  });

  it('is removed when the session is destroyed through the store', async () => {
    const { cookie, sessionID } = await loginAndIndex('bob');

    await new Promise<void>((resolve, reject) =>
      sp.slo.store.destroy(sessionID, (err) => (err ? reject(err) : resolve())),
    );

    expect(await sp.me(cookie)).toBeNull();
    expect(await findAll('bob')).toEqual([]);
    expect(await index.get(sessionID)).toBeUndefined();
  });

  it('is no longer found once the session expiry it follows has passed', async () => {
    const { sessionID } = await loginAndIndex('carol');
    const login = (await index.get(sessionID))!;
    // The entry of a session saved with a one-minute expiry. (This login's entry has none: a
    // browser-session cookie in a MemoryStore; a touch never shortens an entry, so it goes first.)
    await index.remove(sessionID);
    await index.touch(sessionID, login, clock + 60_000);

    clock += 59_999;
    expect(await findAll('carol')).toEqual([sessionID]);
    clock += 1;
    expect(await findAll('carol')).toEqual([]);
    expect(await index.get(sessionID)).toBeUndefined();
  });
});
