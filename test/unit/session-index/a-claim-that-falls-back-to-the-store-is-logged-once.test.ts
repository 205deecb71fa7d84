import session from 'express-session';
import { createSlo, MemorySessionIndex, type ClaimAndEnd } from '../../../lib';
import { keys } from '../../support/keys';

const IDP = 'https://idp.test/metadata';

/**
 * An index that ended sessions in its claim at start-up, then finds the store changed: it
 * leaves every session to the store and calls `onFallBack` on each claim (as
 * `RedisSessionIndex` does when the connect-redis store's client or prefix was swapped).
 */
class IndexWhoseStoreChanged extends MemorySessionIndex {
  endsSessionsOf(_store: object, onFallBack?: () => void): ClaimAndEnd {
    return async (claim) => {
      onFallBack?.();
      return { ended: [], notEnded: await this.claimForLogout(claim) };
    };
  }
}

describe('a logout whose claim falls back to the store is logged once, as a warning', () => {
  it('start-up says in-claim; the first fallback logs saml_slo.session_ending through-store, later ones do not; the sessions still end', async () => {
    const lines: Array<{ level: string; fields: Record<string, unknown> }> = [];
    const at = (level: string) => (fields: Record<string, unknown>) =>
      void lines.push({ level, fields });
    const store = new session.MemoryStore();
    const index = new IndexWhoseStoreChanged();
    const slo = createSlo({
      sp: { entityID: 'https://sp.test/metadata', baseUrl: 'https://sp.test', ...keys.sp },
      idps: [{ entityID: IDP, signingCertificates: keys.idp.certificate }],
      store,
      sessionIndex: index,
      logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    });
    const sessionEnding = () =>
      lines
        .filter((line) => line.fields.event === 'saml_slo.session_ending')
        .map((line) => [line.level, line.fields.sessionsEnded]);
    expect(sessionEnding()).toEqual([['info', 'in-claim']]);

    for (const [sid, nameID] of [
      ['sid-1', 'alice@example.com'],
      ['sid-2', 'bob@example.com'],
    ] as const) {
      const login = { issuer: IDP, nameID, sessionIndexes: [`_${sid}`] };
      await new Promise<void>((resolve, reject) =>
        slo.store.set(sid, { cookie: {}, samlSlo: login } as never, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
      const result = await slo.logoutUser({ issuer: IDP, nameID });
      expect(result).toMatchObject({ sessionsFound: 1, sessionsDestroyed: 1 });
      expect(await new Promise((resolve) => store.get(sid, (_e, s) => resolve(s)))).toBeFalsy();
    }
    expect(sessionEnding()).toEqual([
      ['info', 'in-claim'],
      ['warn', 'through-store'],
    ]);
  });
});
