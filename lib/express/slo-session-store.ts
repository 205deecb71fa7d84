import session from 'express-session';
import type { SloLogger } from '../logging/logger';
import type { SessionIndex } from '../session-index/session-index';
import type { LoginRecord } from '../session-index/login-record';
import type { SessionDataLike, SessionStoreLike } from '../options/slo-options';
import type { SessionOwner, Tidying } from '../protocol/logout/end-matching-sessions';
import { indexExpiryFor, storeExpiry, type StoreExpiry } from './session-expiry';
import { fingerprintOf, writesTheSame, type SaveFingerprint } from './same-save';

declare module 'express-session' {
  interface SessionData {
    /** saml-slo's record of the SAML login that authenticated this session. */
    samlSlo?: LoginRecord;
  }
}

/**
 * The key under which saml-slo keeps its login record in `req.session`.
 *
 * @example
 * ```ts
 * const login = req.session[SLO_SESSION_KEY]; // { issuer, nameID, sessionIndexes, … }
 * ```
 */
export const SLO_SESSION_KEY = 'samlSlo' as const;

type Callback = (err?: unknown) => void;

interface Known {
  readonly login: LoginRecord;
  /** Until when this process knows the index entry lasts (Infinity = no expiry). */
  indexedUntil?: number;
}

/** Whether two login records are the same login (cheap: runs on every read of a SAML session). */
function sameLogin(a: LoginRecord, b: LoginRecord): boolean {
  return (
    sameUser(a, b) &&
    a.nameQualifier === b.nameQualifier &&
    a.spNameQualifier === b.spNameQualifier &&
    a.sessionIndexes.length === b.sessionIndexes.length &&
    a.sessionIndexes.every((s, i) => s === b.sessionIndexes[i])
  );
}

/** Whether two logins index under the same user (IdP, NameID Format, NameID). */
function sameUser(a: LoginRecord, b: LoginRecord): boolean {
  return a.issuer === b.issuer && a.nameID === b.nameID && a.nameIDFormat === b.nameIDFormat;
}

/** How many sessions one process remembers; a forgotten one costs one read or write more. */
const MAX_REMEMBERED = 50_000;

/**
 * The store the app gives express-session: the app's own store, kept in step with the
 * session index, and guarded against resurrection (design §5).
 *
 * - Every destroy, by any path (`req.logout()`, `req.session.destroy()`, `store.destroy`,
 *   a back-channel logout), also removes the session's index entry.
 * - A SAML session is tombstoned before it is destroyed, by the logout's claim or, for the
 *   app's own destroy, by this store: this store
 *   refuses to write it back and reads it as absent, and every save of a SAML session
 *   asks the index whether it was logged out meanwhile (by another instance, too) and
 *   destroys it again if so — so a request that was in flight during the logout cannot
 *   bring the session back.
 * - Sessions without a SAML login cost nothing extra; a SAML session costs one index
 *   call per save and none per read or touch while its index entry covers its expiry. A
 *   login costs one: its index entry (its two saves need no guard call, see
 *   `setNewLoginSession`).
 *
 * @example
 * ```ts
 * const slo = createSlo({ ...options, store: new RedisStore({ client }) });
 * app.use(session({ store: slo.store, secret, resave: false, saveUninitialized: false }));
 * ```
 */
export class SloSessionStore extends session.Store {
  private readonly known = new Map<string, Known>();
  /** Sessions a login is replacing that carry no SAML login (their destroy needs no read). */
  private readonly withoutLogin = new Set<string>();
  /**
   * Sessions a login has just created by regenerating: `null` until their first save, then
   * what that save wrote (see {@link SloSessionStore.setNewLoginSession}).
   */
  private readonly newLoginSessions = new Map<string, SaveFingerprint | null>();
  private readonly expiry: StoreExpiry;

  constructor(
    private readonly inner: SessionStoreLike,
    private readonly index: SessionIndex,
    private readonly logger: SloLogger,
  ) {
    super();
    this.expiry = storeExpiry(inner);
    // express-session decides from the presence of these methods; mirror the inner store.
    const self = this as unknown as Record<string, unknown>;
    if (typeof inner.touch !== 'function') self.touch = undefined;
    for (const method of ['all', 'length', 'clear'] as const) {
      const fn = inner[method];
      if (typeof fn === 'function') self[method] = fn.bind(inner);
    }
    // Forward the inner store's connect/disconnect (express-session listens to them) only
    // once someone listens here, so wrapping one store many times adds no listeners to it.
    const forwarded = new Set<string>();
    this.on('newListener', (event: string) => {
      if ((event !== 'connect' && event !== 'disconnect') || forwarded.has(event)) return;
      forwarded.add(event);
      inner.on(event, (...args) => this.emit(event, ...args));
    });
  }

  get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    if (this.index.isLoggedOut(sid)) return callback(null, null);
    this.inner.get(sid, (err, data) => {
      if (!err && data?.samlSlo) this.remember(sid, data.samlSlo);
      callback(err, data as session.SessionData | null | undefined);
    });
  }

  set(sid: string, data: session.SessionData, callback?: Callback): void {
    if (this.index.isLoggedOut(sid)) return callback?.(); // a logged-out session is not written back
    const value = data as unknown as SessionDataLike;
    if (this.newLoginSessions.has(sid)) return this.setNewLoginSession(sid, value, callback);
    this.inner.set(sid, value, (err) => {
      const login = value.samlSlo;
      if (err || !login) return callback?.(err);
      this.follow(sid, login, value, true, callback);
    });
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    if (this.index.isLoggedOut(sid)) return callback?.();
    this.newLoginSessions.delete(sid);
    const value = data as unknown as SessionDataLike;
    this.inner.touch!(sid, value, (err) => {
      const login = value.samlSlo;
      if (err || !login) return (callback as Callback | undefined)?.(err);
      this.follow(sid, login, value, false, callback as Callback | undefined);
    });
  }

  /**
   * The app's destroy (`req.logout()`, `req.session.destroy()`, `slo.logout()`): a SAML
   * session is tombstoned first, as a logout's claim does, so a request still in flight on
   * it cannot save it back once it is gone.
   */
  destroy(sid: string, callback?: Callback): void {
    this.destroyTidying(sid, callback, undefined, undefined, true);
  }

  /**
   * Destroys a session, as a promise. Used by logout to end sessions through the app's
   * store, after its claim tombstoned them; `owner` (the user the logout named) locates the
   * index entry without reading the session first. With `tidying`, resolves once the session is gone from the store and
   * hands the removal of its index entry to `tidying` (the logout overlaps it with signing
   * its answer).
   */
  destroyAsync(sid: string, owner?: SessionOwner, tidying?: Tidying): Promise<void> {
    return new Promise((resolve, reject) =>
      this.destroyTidying(sid, (err) => (err ? reject(err) : resolve()), tidying, owner),
    );
  }

  /**
   * Forgets what this process remembers of a session that the session index ended itself,
   * inside a logout's claim (deleted from the inner store, entry removed, tombstoned).
   */
  forgetEnded(sid: string): void {
    this.known.delete(sid);
    this.newLoginSessions.delete(sid);
    this.withoutLogin.delete(sid);
  }

  /**
   * Notes a new login's index entry (`indexedUntil` undefined = no expiry), so saves and
   * touches that stay within it cost no index write. Called by login tracking.
   */
  noteIndexed(sid: string, login: LoginRecord, indexedUntil: number | undefined): void {
    this.withoutLogin.delete(sid); // a login that kept its session id (no regenerate)
    this.remember(sid, login).indexedUntil = indexedUntil ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Notes that `sid` (the session a login is about to regenerate away) carries no SAML
   * login, so its destroy removes no index entry and need not read the session first (one
   * Redis round trip less per login). Called by login tracking.
   */
  noteWithoutLogin(sid: string): void {
    this.withoutLogin.add(sid);
    if (this.withoutLogin.size > MAX_REMEMBERED) {
      this.withoutLogin.delete(this.withoutLogin.values().next().value!);
    }
  }

  /**
   * Notes that `sid` was just generated by a SAML login's session regenerate, so its saves
   * can take the short path of {@link SloSessionStore.setNewLoginSession}. Called by login
   * tracking, before the login's first save.
   */
  noteNewLoginSession(sid: string): void {
    this.newLoginSessions.set(sid, null);
    if (this.newLoginSessions.size > MAX_REMEMBERED) {
      this.newLoginSessions.delete(this.newLoginSessions.keys().next().value!);
    }
  }

  /** When a session's index entry should expire, by the inner store's rules. */
  indexExpiryOf(data: SessionDataLike): number | undefined {
    return indexExpiryFor(this.expiry(data, Date.now()));
  }

  /** A session id now carries another user's login: drop it from the former user's entries. */
  private forgetFormerUser(sid: string, former: LoginRecord): void {
    this.index.remove(sid, former).catch((err: unknown) => {
      this.logger.warn(
        { event: 'saml_slo.index_remove_failed', cause: String(err) },
        'session index entry not removed',
      );
    });
  }

  /**
   * The saves of a session a login has just created (a login costs one index round trip:
   * its add). Passport saves the new session inside `req.logIn`, and express-session saves
   * a regenerated session again at the end of the response.
   *
   * - The first save needs no resurrection guard: its id was generated by this login's
   *   regenerate and has never been in the index, so no logout can have claimed it. The
   *   login's index entry is written right after it, by the add (which refuses a login the
   *   IdP already logged out).
   * - The second is not written when its data are those of the first (but for the cookie's
   *   expiry, which express-session moves forward by the length of the request): the store
   *   holds them already, and a write skipped cannot bring back a session that a logout
   *   destroyed in between (the race the guard exists for). Any other save takes the
   *   guarded path.
   *
   * Relies on express-session generating a fresh id on regenerate (its default `genid` does;
   * a custom `genid` must never reuse an id).
   */
  private setNewLoginSession(sid: string, value: SessionDataLike, callback?: Callback): void {
    const firstSave = this.newLoginSessions.get(sid);
    const fingerprint = fingerprintOf(value);
    if (firstSave === null) {
      return this.inner.set(sid, value, (err) => {
        // Only data the store holds may stand in for a later save.
        if (err) this.newLoginSessions.delete(sid);
        else if (this.newLoginSessions.has(sid)) this.newLoginSessions.set(sid, fingerprint);
        callback?.(err);
      });
    }
    this.newLoginSessions.delete(sid);
    if (firstSave && writesTheSame(firstSave, fingerprint)) return callback?.();
    this.set(sid, value as unknown as session.SessionData, callback);
  }

  /**
   * Learns the session's login (known, the logout's owner, or read) and destroys it; with
   * `tombstone`, tombstones a SAML session first.
   */
  private destroyTidying(
    sid: string,
    callback?: Callback,
    tidying?: Tidying,
    owner?: SessionOwner,
    tombstone = false,
  ): void {
    this.newLoginSessions.delete(sid);
    const destroy = (login: LoginRecord | undefined): void => {
      if (!login || !tombstone) return this.destroyKnown(sid, login, callback, tidying);
      // Called in a promise chain, so an index whose tombstone throws at once fails open too.
      Promise.resolve()
        .then(() => this.index.tombstone(sid, login))
        .catch((err: unknown) => {
          // Fails open, as the guard does: the session is still destroyed, and a save in
          // flight on another instance is caught by its next save's check.
          this.logger.warn(
            { event: 'saml_slo.tombstone_failed', cause: String(err) },
            'session destroyed without a tombstone: the session index did not answer',
          );
        })
        .then(() => this.destroyKnown(sid, login, callback, tidying));
    };
    const known = this.known.get(sid)?.login;
    if (known) return destroy(known);
    // The index keys entries by (IdP, Format, NameID) only, so the owner is enough to remove it.
    if (owner) return destroy({ ...owner, sessionIndexes: [] });
    if (this.withoutLogin.delete(sid)) return destroy(undefined);
    // Not seen by this process (e.g. another instance created it): read it to learn its login.
    // A read that failed fails the destroy: destroying blind would leave a SAML session's
    // index entry, and its tombstone unwritten.
    this.inner.get(sid, (err, data) => (err ? callback?.(err) : destroy(data?.samlSlo)));
  }

  /**
   * Destroys the session in the store, then removes its index entry — never before: a
   * session the store could not destroy keeps its entry, so the IdP's retry finds it. With
   * `tidying`, calls back once the session is gone and hands the removal to `tidying`.
   */
  private destroyKnown(
    sid: string,
    login: LoginRecord | undefined,
    callback?: Callback,
    tidying?: Tidying,
  ): void {
    this.inner.destroy(sid, (err) => {
      if (err) return callback?.(err);
      this.known.delete(sid);
      if (!login) return callback?.();
      const removed = this.index.remove(sid, login).catch((indexErr: unknown) => {
        // The session is gone; a stale index entry only costs a no-op destroy later.
        this.logger.warn(
          { event: 'saml_slo.index_remove_failed', cause: String(indexErr) },
          'session index entry not removed',
        );
      });
      if (!tidying) return void removed.then(() => callback?.());
      tidying(removed);
      callback?.();
    });
  }

  /**
   * After a save (`guard`: always) or a touch (only when the session outlives what the
   * index holds): moves the index entry and destroys the session again if the index says
   * it was logged out meanwhile. Touches cannot resurrect a session (both MemoryStore and
   * connect-redis only extend existing ones), so they need no guard.
   */
  private follow(
    sid: string,
    login: LoginRecord,
    value: SessionDataLike,
    guard: boolean,
    callback?: Callback,
  ): void {
    const known = this.remember(sid, login);
    const lifespan = this.expiry(value, Date.now()); // one read of the store's rule per save
    const expiresAt = lifespan?.expiresAt;
    const covered =
      known.indexedUntil !== undefined &&
      (expiresAt === undefined
        ? known.indexedUntil === Number.POSITIVE_INFINITY
        : expiresAt <= known.indexedUntil);
    if (covered && !guard) return callback?.();
    const until = indexExpiryFor(lifespan);
    this.index.touch(sid, login, until).then(
      (state) => {
        if (state === 'logged-out') {
          this.logger.info(
            { event: 'saml_slo.resurrection_prevented' },
            'a logged-out session was saved; destroyed again',
          );
          return this.destroyKnown(sid, login, () => callback?.());
        }
        known.indexedUntil = until ?? Number.POSITIVE_INFINITY;
        callback?.();
      },
      (err: unknown) => {
        // Unknown whether it was logged out meanwhile: the next save or touch asks again.
        known.indexedUntil = undefined;
        this.logger.warn(
          { event: 'saml_slo.index_touch_failed', cause: String(err) },
          'session index not updated',
        );
        callback?.();
      },
    );
  }

  private remember(sid: string, login: LoginRecord): Known {
    let known = this.known.get(sid);
    if (known && known.login !== login && !sameLogin(known.login, login)) {
      if (!sameUser(known.login, login)) this.forgetFormerUser(sid, known.login);
      known = undefined;
    }
    if (!known) known = { login };
    this.known.delete(sid);
    this.known.set(sid, known);
    if (this.known.size > MAX_REMEMBERED) this.known.delete(this.known.keys().next().value!);
    return known;
  }
}
