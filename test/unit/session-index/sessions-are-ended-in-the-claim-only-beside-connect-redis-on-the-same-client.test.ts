import { RedisStore } from 'connect-redis';
import session from 'express-session';
import { createClient, createCluster } from 'redis';
import { RedisSessionIndex } from '../../../lib/redis';
import { connectRedisKeyPrefix } from '../../../lib/session-index/redis/connect-redis-key-prefix';

/**
 * The Redis index deletes an app's sessions itself, inside its logout claim, only when it is
 * certain to delete exactly what the store's own `destroy` would: a connect-redis RedisStore
 * on this very client (same server, same database), not a Cluster, `destroy` not overridden.
 * In every other case the sessions are destroyed through the store. (No connection needed:
 * these are decisions about objects.)
 */
describe('ending sessions inside the claim', () => {
  const client = createClient();
  const index = new RedisSessionIndex({ client });

  it('is chosen for a connect-redis RedisStore holding the same client, with its prefix', () => {
    expect(connectRedisKeyPrefix(new RedisStore({ client }), client)).toBe('sess:');
    expect(connectRedisKeyPrefix(new RedisStore({ client, prefix: 'app:s:' }), client)).toBe(
      'app:s:',
    );
    expect(connectRedisKeyPrefix(new RedisStore({ client, prefix: '' }), client)).toBe('');
    expect(index.endsSessionsOf(new RedisStore({ client }))).toBeInstanceOf(Function);
  });

  it('is not chosen for a RedisStore on another client, even to the same server', () => {
    const other = createClient();
    expect(connectRedisKeyPrefix(new RedisStore({ client: other }), client)).toBeUndefined();
    expect(index.endsSessionsOf(new RedisStore({ client: other }))).toBeUndefined();
  });

  it('is not chosen on a Cluster client (session keys lie outside the user’s slot)', () => {
    const cluster = createCluster({ rootNodes: [{ url: 'redis://127.0.0.1:1' }] });
    const store = new RedisStore({ client: cluster });
    expect(connectRedisKeyPrefix(store, cluster as never)).toBeUndefined();
  });

  it('is not chosen when destroy is overridden, by a subclass or on the instance', () => {
    class AuditedStore extends RedisStore {
      override async destroy(sid: string, cb?: (err?: unknown) => void) {
        return super.destroy(sid, cb);
      }
    }
    expect(connectRedisKeyPrefix(new AuditedStore({ client }), client)).toBeUndefined();

    // The same, with a subclass named like connect-redis's class: its destroy keeps other keys.
    const Renamed = {
      RedisStore: class extends RedisStore {
        override async destroy(sid: string, cb?: (err?: unknown) => void) {
          return super.destroy(`v2:${sid}`, cb);
        }
      },
    }.RedisStore;
    expect(Renamed.name).toBe('RedisStore');
    expect(connectRedisKeyPrefix(new Renamed({ client }), client)).toBeUndefined();

    const patched = new RedisStore({ client });
    patched.destroy = async (sid: string, cb?: (err?: unknown) => void) =>
      RedisStore.prototype.destroy.call(patched, sid, cb);
    expect(connectRedisKeyPrefix(patched, client)).toBeUndefined();
  });

  it('is chosen for a subclass that keeps connect-redis’s destroy', () => {
    class NamedStore extends RedisStore {}
    expect(connectRedisKeyPrefix(new NamedStore({ client, prefix: 'n:' }), client)).toBe('n:');
  });

  it('is not chosen for other stores, nor for look-alikes that are not a RedisStore', () => {
    expect(connectRedisKeyPrefix(new session.MemoryStore(), client)).toBeUndefined();
    const lookAlike = { client, prefix: 'sess:', destroy: RedisStore.prototype.destroy };
    expect(connectRedisKeyPrefix(lookAlike, client)).toBeUndefined();
    class SessionStoreOnRedis {
      client = client;
      prefix = 'sess:';
      destroy() {}
    }
    expect(connectRedisKeyPrefix(new SessionStoreOnRedis(), client)).toBeUndefined();
  });

  it('is never chosen when the index is told not to', () => {
    const throughStore = new RedisSessionIndex({ client, endSessionsInClaim: false });
    expect(throughStore.endsSessionsOf(new RedisStore({ client }))).toBeUndefined();
  });
});
