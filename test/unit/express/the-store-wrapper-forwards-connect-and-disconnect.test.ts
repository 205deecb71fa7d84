import session from 'express-session';
import { createSlo } from '../../../lib';
import { keys } from '../../support/keys';

function sloOver(store: session.Store) {
  return createSlo({
    sp: { entityID: 'https://sp.test/metadata', baseUrl: 'https://sp.test', ...keys.sp },
    idps: [{ entityID: 'https://idp.test/metadata', signingCertificates: keys.idp.certificate }],
    store,
  });
}

/**
 * express-session listens to its store's `connect` and `disconnect` (a store that lost its
 * backend makes it skip sessions); `slo.store` passes the inner store's on. Wrapping a store
 * must not add listeners to it by itself: many `createSlo` over one store (tests, several
 * apps in one process) would pile them up and print a MaxListenersExceededWarning.
 */
describe('slo.store and its inner store’s connect / disconnect events', () => {
  it('adds no listener to the inner store until someone listens on slo.store', () => {
    const inner = new session.MemoryStore();
    for (let i = 0; i < 20; i += 1) sloOver(inner);
    expect(inner.listenerCount('connect')).toBe(0);
    expect(inner.listenerCount('disconnect')).toBe(0);
  });

  it('passes each event on to every listener of slo.store, with one listener on the inner store', () => {
    const inner = new session.MemoryStore();
    const slo = sloOver(inner);
    const heard: string[] = [];
    slo.store.on('disconnect', () => heard.push('disconnect 1'));
    slo.store.on('disconnect', () => heard.push('disconnect 2'));
    slo.store.on('connect', () => heard.push('connect'));
    inner.emit('disconnect');
    inner.emit('connect');
    expect(heard).toEqual(['disconnect 1', 'disconnect 2', 'connect']);
    expect(inner.listenerCount('disconnect')).toBe(1);
    expect(inner.listenerCount('connect')).toBe(1);
  });

  it('reaches express-session, which then skips the session while the store is down', () => {
    const inner = new session.MemoryStore();
    const slo = sloOver(inner);
    const middleware = session({
      store: slo.store,
      secret: 's',
      resave: false,
      saveUninitialized: false,
    });
    const run = () => {
      const req = { url: '/', headers: {}, originalUrl: '/' } as unknown as Parameters<
        typeof middleware
      >[0];
      let nextCalled = false;
      middleware(req, {} as Parameters<typeof middleware>[1], () => (nextCalled = true));
      return { nextCalled, hasSession: 'session' in (req as object) };
    };
    inner.emit('disconnect');
    expect(run()).toEqual({ nextCalled: true, hasSession: false });
    inner.emit('connect');
    expect(run().hasSession).toBe(true);
  });
});
