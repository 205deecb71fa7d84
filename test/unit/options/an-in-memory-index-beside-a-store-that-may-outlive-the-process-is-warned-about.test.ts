import session from 'express-session';
import { MemorySessionIndex } from '../../../lib/session-index/memory-session-index';
import { loggedAtStartUp } from './support/logged-at-start-up';

/** A store of the app's own (any store but express-session's MemoryStore may outlive the process). */
class AppStore extends session.Store {
  get(_sid: string, cb: (err: unknown, data?: session.SessionData | null) => void) {
    cb(null, null);
  }
  set(_sid: string, _data: session.SessionData, cb?: (err?: unknown) => void) {
    cb?.();
  }
  destroy(_sid: string, cb?: (err?: unknown) => void) {
    cb?.();
  }
}

/**
 * The in-memory session index is lost on a restart; a store such as connect-redis is not.
 * After a restart a logout finds none of the sessions made before it, so createSlo warns
 * (`saml_slo.index_not_persistent`) when the two are paired.
 */
describe('createSlo warns when the session index is in memory and the store may not be', () => {
  const warned = (extra: Parameters<typeof loggedAtStartUp>[2]) =>
    loggedAtStartUp('saml_slo.index_not_persistent', 'event', extra);

  it("the default index beside an app's own store: warned", () => {
    expect(warned({ store: new AppStore() })).toEqual(['saml_slo.index_not_persistent']);
  });

  it("any index with shared: false beside an app's own store: warned", () => {
    expect(warned({ store: new AppStore(), sessionIndex: new MemorySessionIndex() })).toEqual([
      'saml_slo.index_not_persistent',
    ]);
  });

  it("the default index beside express-session's MemoryStore (both end with the process): not warned", () => {
    expect(warned({})).toEqual([]);
  });

  it('a shared index beside any store: not warned', () => {
    const shared = Object.assign(new MemorySessionIndex(), { shared: true as const });
    expect(
      loggedAtStartUp('saml_slo.index_not_persistent', 'event', {
        store: new AppStore(),
        sessionIndex: shared,
        replayCache: { remember: async () => true },
      }),
    ).toEqual([]);
  });
});
