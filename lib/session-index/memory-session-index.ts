import type { LoginRecord } from './login-record';
import type { SessionIndex, SessionQuery } from './session-index';
import { hashNameId } from './hash-name-id';
import { loginMatches } from './match-login';

interface Entry {
  readonly login: LoginRecord;
  readonly userKey: string;
  expiresAt: number | undefined;
}

/**
 * The in-process {@link SessionIndex}: right for one instance (with MemoryStore or any
 * store), wrong for several instances behind a load balancer (use the Redis index).
 * Expired entries are dropped when met and swept every `sweepEvery` writes, so memory
 * stays bounded by the live sessions.
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
  private readonly bySession = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private writes = 0;

  constructor(private readonly options: { now?: () => number; sweepEvery?: number } = {}) {}

  async add(sessionId: string, login: LoginRecord, expiresAt?: number): Promise<void> {
    this.forget(sessionId);
    const userKey = hashNameId(login.issuer, login.nameID, login.nameIDFormat);
    this.bySession.set(sessionId, { login, userKey, expiresAt });
    let sessions = this.byUser.get(userKey);
    if (!sessions) this.byUser.set(userKey, (sessions = new Set()));
    sessions.add(sessionId);
    this.countWrite();
  }

  async find(query: SessionQuery): Promise<string[]> {
    const sessions = this.byUser.get(hashNameId(query.issuer, query.nameID, query.nameIDFormat));
    if (!sessions) return [];
    const found: string[] = [];
    for (const sessionId of [...sessions]) {
      const entry = this.live(sessionId);
      if (entry && loginMatches(entry.login, query)) found.push(sessionId);
    }
    return found;
  }

  async get(sessionId: string): Promise<LoginRecord | undefined> {
    return this.live(sessionId)?.login;
  }

  async touch(sessionId: string, expiresAt: number | undefined): Promise<void> {
    const entry = this.live(sessionId);
    if (entry) entry.expiresAt = expiresAt;
  }

  async remove(sessionId: string): Promise<void> {
    this.forget(sessionId);
    this.countWrite();
  }

  /** Number of sessions indexed (expired ones included until swept). For tests and metrics. */
  get size(): number {
    return this.bySession.size;
  }

  private live(sessionId: string): Entry | undefined {
    const entry = this.bySession.get(sessionId);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.forget(sessionId);
      return undefined;
    }
    return entry;
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
    if (this.writes % (this.options.sweepEvery ?? 1000) !== 0) return;
    for (const sessionId of [...this.bySession.keys()]) this.live(sessionId);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
