import session from 'express-session';
import type { SloLogger } from '../logging/logger';
import type { SessionIndex } from '../session-index/session-index';
import type { LoginRecord } from '../session-index/login-record';
import type { SessionDataLike, SessionStoreLike } from '../options/slo-options';
import { indexExpiryFor, sessionExpiresAt } from './session-expiry';

declare module 'express-session' {
  interface SessionData {
    /** saml-slo's record of the SAML login that authenticated this session. */
    samlSlo?: LoginRecord;
  }
}

/** The key under which saml-slo keeps its login record in `req.session`. */
export const SLO_SESSION_KEY = 'samlSlo' as const;

type Callback = (err?: unknown) => void;

/**
 * The store the app gives express-session: the app's own store, plus the session index
 * kept in step with it. Every destroy, by any path (`req.logout()`, `req.session.destroy()`,
 * `store.destroy`, a back-channel logout), also removes the session's index entry; a save
 * of a SAML-logged-in session moves its entry's expiry with the session's (rolling
 * sessions). Sessions without a SAML login cost nothing extra.
 *
 * @example
 * ```ts
 * const slo = createSlo({ ...options, store: new RedisStore({ client }) });
 * app.use(session({ store: slo.store, secret, resave: false, saveUninitialized: false }));
 * ```
 */
export class SloSessionStore extends session.Store {
  /** Per session id: until when its index entry is known to last (this process's view). */
  private readonly indexedUntil = new Map<string, number>();

  constructor(
    private readonly inner: SessionStoreLike,
    private readonly index: SessionIndex,
    private readonly logger: SloLogger,
  ) {
    super();
    // express-session decides from the presence of these methods; mirror the inner store.
    const self = this as unknown as Record<string, unknown>;
    if (typeof inner.touch !== 'function') self.touch = undefined;
    for (const method of ['all', 'length', 'clear'] as const) {
      const fn = inner[method];
      if (typeof fn === 'function') self[method] = fn.bind(inner);
    }
    for (const event of ['connect', 'disconnect'])
      inner.on(event, (...args) => this.emit(event, ...args));
  }

  get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.inner.get(sid, callback as (err: unknown, session?: SessionDataLike | null) => void);
  }

  set(sid: string, data: session.SessionData, callback?: Callback): void {
    const value = data as unknown as SessionDataLike;
    this.inner.set(sid, value, (err) => {
      if (!err && value[SLO_SESSION_KEY]) this.followExpiry(sid, value);
      callback?.(err);
    });
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const value = data as unknown as SessionDataLike;
    this.inner.touch!(sid, value, (err) => {
      if (!err && value[SLO_SESSION_KEY]) this.followExpiry(sid, value);
      (callback as Callback | undefined)?.(err);
    });
  }

  destroy(sid: string, callback?: Callback): void {
    this.inner.destroy(sid, (err) => {
      if (err) return callback?.(err);
      this.indexedUntil.delete(sid);
      this.index.remove(sid).then(
        () => callback?.(),
        (indexErr: unknown) => {
          // The session is gone; a stale index entry only costs a no-op destroy later.
          this.logger.warn(
            { event: 'saml_slo.index_remove_failed', cause: String(indexErr) },
            'session index entry not removed',
          );
          callback?.();
        },
      );
    });
  }

  /** Destroys a session, as a promise. Used by logout to end sessions through the app's store. */
  destroyAsync(sid: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.destroy(sid, (err) => (err ? reject(err) : resolve())),
    );
  }

  /**
   * Notes how long the index entry of `sid` lasts (`undefined` = no expiry), so saves and
   * touches that stay within it cost no index write. Called by login tracking.
   */
  noteIndexed(sid: string, indexedUntil: number | undefined): void {
    this.indexedUntil.delete(sid);
    this.indexedUntil.set(sid, indexedUntil ?? NO_EXPIRY);
    if (this.indexedUntil.size > MAX_REMEMBERED) {
      this.indexedUntil.delete(this.indexedUntil.keys().next().value!);
    }
  }

  private followExpiry(sid: string, value: SessionDataLike): void {
    const expiresAt = sessionExpiresAt(value);
    const known = this.indexedUntil.get(sid);
    const covered =
      known === NO_EXPIRY
        ? expiresAt === undefined
        : known !== undefined && expiresAt !== undefined && expiresAt <= known;
    if (covered) return;
    const until = indexExpiryFor(value);
    this.index.touch(sid, until).then(
      () => this.noteIndexed(sid, until),
      (err: unknown) => {
        this.logger.warn(
          { event: 'saml_slo.index_touch_failed', cause: String(err) },
          'session index expiry not moved',
        );
      },
    );
  }
}

/** Marks an index entry without expiry in `indexedUntil`. */
const NO_EXPIRY = Number.POSITIVE_INFINITY;
/** How many sessions' index expiries one process remembers; older ones just cost one write. */
const MAX_REMEMBERED = 50_000;
