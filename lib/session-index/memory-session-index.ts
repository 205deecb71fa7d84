import type { LoginRecord } from './login-record';
import {
  type LogoutClaim,
  type LogoutGuardOptions,
  type SessionIndex,
  type SessionQuery,
  type SessionState,
} from './session-index';
import { hashNameId } from './hash-name-id';
import { ServiceProviderScope } from './service-provider-scope';
import { loginMatches } from './match-login';
import { lateLoginReason } from './late-login';
import { SloError, SloErrorCode } from '../errors';
import { guardLifetimes } from './guard-lifetimes';
import { integerOption } from '../options/integer-option';

interface Entry {
  readonly login: LoginRecord;
  readonly userKey: string;
  expiresAt: number | undefined;
}

interface UserLogouts {
  /** The latest NameID-wide logout: its IssueInstant and until when it blocks logins. */
  all?: { at: number; until: number };
  /** SessionIndex → until when its logout blocks logins. */
  readonly sessionIndexes: Map<string, number>;
}

/** Options of the in-memory index. */
export interface MemorySessionIndexOptions extends LogoutGuardOptions {
  /** The clock (ms since epoch). Default `Date.now`. */
  readonly now?: () => number;
  /** Sweep expired entries every this many writes. Default 1000. */
  readonly sweepEvery?: number;
}

/**
 * The in-process {@link SessionIndex}: right for one instance (with MemoryStore or any
 * store), wrong for several instances behind a load balancer (use `RedisSessionIndex`).
 * Expired entries, tombstones and logout records are dropped when met and swept every
 * `sweepEvery` writes, so memory stays bounded by the live sessions.
 *
 * @example
 * ```ts
 * const index = new MemorySessionIndex();
 * await index.add('sid-1', record, Date.now() + 3_600_000);
 * await index.find({ issuer: record.issuer, nameID: record.nameID }); // ['sid-1']
 * ```
 */
export class MemorySessionIndex implements SessionIndex {
  readonly shared = false;
  private readonly scope = new ServiceProviderScope('MemorySessionIndex');
  private readonly bySession = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly tombstones = new Map<string, number>();
  private readonly logouts = new Map<string, UserLogouts>();
  private writes = 0;
  private readonly lifetimes: Required<LogoutGuardOptions>;
  private readonly sweepEvery: number;

  constructor(private readonly options: MemorySessionIndexOptions = {}) {
    this.lifetimes = guardLifetimes(options, 'MemorySessionIndex');
    this.sweepEvery = integerOption(options.sweepEvery ?? 1000, 'MemorySessionIndex.sweepEvery');
  }

  /** One process, one index object: refuses to serve a second SP (see SessionIndex). */
  forServiceProvider(entityID: string): void {
    this.scope.set(entityID);
  }

  async add(sessionId: string, login: LoginRecord, expiresAt?: number): Promise<void> {
    const userKey = keyOf(login);
    const reason = this.loggedOutBy(login, userKey);
    if (reason !== undefined) throw new SloError(SloErrorCode.LoginAlreadyLoggedOut, reason);
    this.put(sessionId, login, userKey, expiresAt);
  }

  /**
   * Why a live logout record ends `login`, if one does. `add` refuses such a login; `touch`,
   * for an entry it would create (it went missing: the session id was rotated, or the index
   * lost it), tombstones the session instead. Without that check a logout that found no
   * entry would answer Success and the session's next save index it again, still logged in.
   */
  private loggedOutBy(login: LoginRecord, userKey: string): string | undefined {
    const logouts = this.liveLogouts(userKey);
    if (!logouts) return undefined;
    return lateLoginReason(login, {
      ...(logouts.all ? { allBefore: logouts.all.at } : {}),
      sessionIndexes: new Set(logouts.sessionIndexes.keys()),
    });
  }

  async find(query: SessionQuery): Promise<string[]> {
    const sessions = this.byUser.get(keyOf(query));
    if (!sessions) return [];
    const found: string[] = [];
    for (const sessionId of [...sessions]) {
      const entry = this.live(sessionId);
      if (entry && loginMatches(entry.login, query)) found.push(sessionId);
    }
    return found;
  }

  async claimForLogout(claim: LogoutClaim): Promise<string[]> {
    const userKey = keyOf(claim);
    const now = this.now();
    const recordUntil = now + this.lifetimes.logoutRecordTtlMs;
    const logouts: UserLogouts = this.liveLogouts(userKey) ?? {
      sessionIndexes: new Map<string, number>(),
    };
    const wanted = claim.sessionIndexes ?? [];
    if (wanted.length === 0) {
      logouts.all = {
        at: Math.max(logouts.all?.at ?? -Infinity, claim.issuedAt),
        until: recordUntil,
      };
    }
    for (const sessionIndex of wanted) logouts.sessionIndexes.set(sessionIndex, recordUntil);
    this.logouts.set(userKey, logouts);

    const sessionIds = await this.find(claim);
    const tombstoneUntil = now + this.lifetimes.tombstoneTtlMs;
    for (const sessionId of sessionIds) this.tombstones.set(sessionId, tombstoneUntil);
    this.countWrite();
    return sessionIds;
  }

  async touch(sessionId: string, login: LoginRecord, expiresAt?: number): Promise<SessionState> {
    if (this.isLoggedOut(sessionId)) return 'logged-out';
    const userKey = keyOf(login);
    const current = this.live(sessionId);
    if (current?.userKey !== userKey && this.loggedOutBy(login, userKey) !== undefined) {
      await this.tombstone(sessionId);
      return 'logged-out';
    }
    // Never shortened: another caller may rely on the longer expiry it wrote (contract).
    const keep =
      current?.userKey === userKey &&
      (current.expiresAt === undefined ||
        (expiresAt !== undefined && current.expiresAt > expiresAt));
    this.put(sessionId, login, userKey, keep ? current.expiresAt : expiresAt);
    return 'live';
  }

  async tombstone(sessionId: string): Promise<void> {
    this.tombstones.set(sessionId, this.now() + this.lifetimes.tombstoneTtlMs);
    this.countWrite();
  }

  async remove(sessionId: string): Promise<void> {
    this.forget(sessionId);
    this.countWrite();
  }

  isLoggedOut(sessionId: string): boolean {
    const until = this.tombstones.get(sessionId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.tombstones.delete(sessionId);
    return false;
  }

  /** The login recorded for `sessionId`, if any (this implementation only; for tests and tools). */
  async get(sessionId: string): Promise<LoginRecord | undefined> {
    return this.live(sessionId)?.login;
  }

  /** Number of sessions indexed (expired ones included until swept). For tests and metrics. */
  get size(): number {
    return this.bySession.size;
  }

  private put(
    sessionId: string,
    login: LoginRecord,
    userKey: string,
    expiresAt: number | undefined,
  ): void {
    this.forget(sessionId);
    this.bySession.set(sessionId, { login, userKey, expiresAt });
    let sessions = this.byUser.get(userKey);
    if (!sessions) this.byUser.set(userKey, (sessions = new Set()));
    sessions.add(sessionId);
    this.countWrite();
  }

  private live(sessionId: string): Entry | undefined {
    const entry = this.bySession.get(sessionId);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.forget(sessionId);
      return undefined;
    }
    return entry;
  }

  private liveLogouts(userKey: string): UserLogouts | undefined {
    const logouts = this.logouts.get(userKey);
    if (!logouts) return undefined;
    const now = this.now();
    if (logouts.all && logouts.all.until <= now) delete logouts.all;
    for (const [sessionIndex, until] of logouts.sessionIndexes) {
      if (until <= now) logouts.sessionIndexes.delete(sessionIndex);
    }
    if (!logouts.all && logouts.sessionIndexes.size === 0) {
      this.logouts.delete(userKey);
      return undefined;
    }
    return logouts;
  }

  private forget(sessionId: string): void {
    const entry = this.bySession.get(sessionId);
    if (!entry) return;
    this.bySession.delete(sessionId);
    const sessions = this.byUser.get(entry.userKey);
    sessions?.delete(sessionId);
    if (sessions && sessions.size === 0) this.byUser.delete(entry.userKey);
  }

  private countWrite(): void {
    this.writes += 1;
    if (this.writes % this.sweepEvery !== 0) return;
    for (const sessionId of [...this.bySession.keys()]) this.live(sessionId);
    for (const sessionId of [...this.tombstones.keys()]) this.isLoggedOut(sessionId);
    for (const userKey of [...this.logouts.keys()]) this.liveLogouts(userKey);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function keyOf(subject: { issuer: string; nameID: string; nameIDFormat?: string }): string {
  return hashNameId(subject.issuer, subject.nameID, subject.nameIDFormat);
}
