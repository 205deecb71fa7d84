import session from 'express-session';

/** A MemoryStore whose `destroy` fails for one chosen session id, as a store outage would. */
export class StoreFailingFor extends session.MemoryStore {
  failingSessionId: string | undefined;

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    if (sid !== this.failingSessionId) return super.destroy(sid, callback);
    setImmediate(() => callback?.(new Error(`store refused to destroy ${sid}`)));
  }
}
