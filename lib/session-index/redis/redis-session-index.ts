import { createHash } from 'node:crypto';
import { SloError, SloErrorCode } from '../../errors';
import type { LoginRecord } from '../login-record';
import { hashNameId } from '../hash-name-id';
import { ServiceProviderScope } from '../service-provider-scope';
import { loginMatches } from '../match-login';
import {
  type ClaimAndEnd,
  type LogoutClaim,
  type LogoutGuardOptions,
  type LogoutRequestId,
  type ReplayCache,
  type SessionIndex,
  type SessionQuery,
  type SessionState,
} from '../session-index';
import type { RedisClientLike } from './redis-client-like';
import { connectRedisKeyPrefix } from './connect-redis-key-prefix';
import { guardLifetimes } from '../guard-lifetimes';
import { integerOption } from '../../options/integer-option';
import {
  ADD_SCRIPT,
  CLAIM_SCRIPT,
  FIND_SCRIPT,
  REMOVE_SCRIPT,
  REPLAY_SCRIPT,
  TOMBSTONE_SCRIPT,
  TOUCH_SCRIPT,
  runScript,
} from './redis-scripts';

/** Options of the Redis index and replay cache. */
export interface RedisSessionIndexOptions extends LogoutGuardOptions {
  /** A connected node-redis v5+ client (or cluster). Attach an `error` listener to it. */
  readonly client: RedisClientLike;
  /** Key prefix. Default `saml-slo:`. */
  readonly prefix?: string;
  /** Longest wait for one Redis call, ms; then the operation fails (never hangs). Default 2000. */
  readonly timeoutMs?: number;
  /** The clock (ms since epoch). Default `Date.now`. */
  readonly now?: () => number;
  /**
   * Whether a logout may end the sessions of a connect-redis `RedisStore` inside its claim:
   * when the store holds this very `client` (not a Cluster) and its `destroy` is
   * connect-redis's own, the claim script deletes each claimed session's key (what that
   * `destroy` deletes) and, once deleted, its index entry, in the same atomic step, so a
   * back-channel logout costs one Redis round trip instead of three (a key it does not find
   * is left to the store's `destroy`). `createSlo` logs which way it went
   * (`saml_slo.session_ending`). Set `false` to always destroy through the store. Default true.
   */
  readonly endSessionsInClaim?: boolean;
}

/** What an index entry stores besides the key: only what matching needs. */
interface EntryData {
  /** SessionIndexes. */
  readonly s: readonly string[];
  /** NameQualifier, when the login had one. */
  readonly q?: string;
  /** SPNameQualifier, when the login had one. */
  readonly p?: string;
}

/** Tombstones this process knows of, for reads that must cost no I/O. */
const MAX_LOCAL_TOMBSTONES = 100_000;

/**
 * The {@link SessionIndex} in Redis, shared by every instance of the app (design §4):
 *
 * - one hash per user of the SP (`{prefix}{<hash of SP, IdP, Format, NameID>}:s`, session id →
 *   expiry and SessionIndexes), with the user's logout records and tombstones beside it
 *   under the same Redis Cluster hash tag; no raw NameID in any key; the SP is the entityID
 *   `createSlo` gives `forServiceProvider`, so SPs on one Redis and prefix stay apart;
 * - every operation is one Lua script, atomic and one round trip: a login is one call
 *   (including the late-login check), a lookup or a logout claim costs O(sessions of that
 *   user), never a scan;
 * - it remembers LogoutRequest IDs itself (`rememberLogoutRequest`, `claimForLogoutRequest`:
 *   a hash of IdP and ID beside the user's keys, until the request's IssueInstant window has
 *   passed), so without a `beforeLogout` hook the replay check is part of the claim and
 *   costs no round trip of its own;
 * - beside a connect-redis `RedisStore` on the same client, the claim also ends the sessions
 *   (`endSessionsInClaim`): a logout is then one round trip;
 * - entries carry their session's expiry; each write prunes the user's expired entries and
 *   sets the hash to expire with its last session, so nothing piles up;
 * - a Redis that is down or slow makes the call fail after `timeoutMs` with
 *   `SLO_SESSION_INDEX_UNAVAILABLE` (so a logout reports PartialLogout, never Success), and
 *   the next call after Redis returns works again.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { RedisSessionIndex, RedisReplayCache } from 'saml-slo/redis';
 * const client = createClient({ url: process.env.REDIS_URL });
 * client.on('error', (err) => log.warn(err));
 * await client.connect();
 * const slo = createSlo({
 *   ...options,
 *   store: new RedisStore({ client }),
 *   sessionIndex: new RedisSessionIndex({ client }),
 *   replayCache: new RedisReplayCache({ client }),
 * });
 * ```
 */
export class RedisSessionIndex implements SessionIndex {
  readonly shared = true;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly localTombstones = new Map<string, number>();
  private readonly lifetimes: Required<LogoutGuardOptions>;
  private readonly scope = new ServiceProviderScope('RedisSessionIndex');

  constructor(private readonly options: RedisSessionIndexOptions) {
    requireRedisClient(options?.client, 'RedisSessionIndex.client');
    this.prefix = options.prefix ?? 'saml-slo:';
    this.timeoutMs = integerOption(options.timeoutMs ?? 2000, 'RedisSessionIndex.timeoutMs');
    this.lifetimes = guardLifetimes(options, 'RedisSessionIndex');
    const inClaim: unknown = options.endSessionsInClaim;
    if (inClaim !== undefined && typeof inClaim !== 'boolean') {
      throw new SloError(
        SloErrorCode.OptionInvalid,
        'saml-slo option RedisSessionIndex.endSessionsInClaim must be true or false (default true)',
        { option: 'RedisSessionIndex.endSessionsInClaim' },
      );
    }
  }

  /**
   * Keeps this SP's logins apart from other SPs' on the same Redis and prefix: every key of
   * a user is derived from the SP's entityID too (see SessionIndex.forServiceProvider).
   */
  forServiceProvider(entityID: string): void {
    this.scope.set(entityID);
  }

  async add(sessionId: string, login: LoginRecord, expiresAt?: number): Promise<void> {
    const added = await this.run(ADD_SCRIPT, this.userKeys(login, 's', 'o'), [
      sessionId,
      this.entryValue(login, expiresAt),
      String(this.now()),
      authnMs(login),
      ...login.sessionIndexes,
    ]);
    if (Number(added) !== 1) {
      throw new SloError(
        SloErrorCode.LoginAlreadyLoggedOut,
        'the IdP already logged out this login',
      );
    }
  }

  async find(query: SessionQuery): Promise<string[]> {
    const flat = await this.run(FIND_SCRIPT, this.userKeys(query, 's'), []);
    const now = this.now();
    const found: string[] = [];
    const list = Array.isArray(flat) ? (flat as unknown[]).map(String) : [];
    for (let i = 0; i + 1 < list.length; i += 2) {
      const entry = parseEntry(list[i + 1]!);
      if (!entry || (entry.expiresAt !== 0 && entry.expiresAt <= now)) continue;
      if (loginMatches(asLogin(query, entry.data), query)) found.push(list[i]!);
    }
    return found;
  }

  claimForLogout(claim: LogoutClaim): Promise<string[]> {
    return this.claim(claim);
  }

  claimForLogoutRequest(claim: LogoutClaim, request: LogoutRequestId): Promise<string[]> {
    return this.claim(claim, request);
  }

  endsSessionsOf(store: object, onFallBack?: () => void): ClaimAndEnd | undefined {
    const { client } = this.options;
    if (this.options.endSessionsInClaim === false) return undefined;
    if (connectRedisKeyPrefix(store, client) === undefined) return undefined;
    // Asked again each time: a store whose client or prefix changed is no longer certain.
    return (claim, request) => {
      const storePrefix = connectRedisKeyPrefix(store, client);
      if (storePrefix === undefined) onFallBack?.();
      return this.runClaim(claim, request, storePrefix);
    };
  }

  async rememberLogoutRequest(claim: LogoutClaim, request: LogoutRequestId): Promise<boolean> {
    const [requests] = this.userKeys(claim, 'r');
    const first = await this.run(
      REPLAY_SCRIPT,
      [requestKey(requests, claim.issuer, request)],
      [String(Math.ceil(request.keepUntil))],
    );
    return Number(first) === 1;
  }

  /** The claim script, remembering `request` in the same step when given. */
  private async claim(claim: LogoutClaim, request?: LogoutRequestId): Promise<string[]> {
    return (await this.runClaim(claim, request, undefined)).notEnded;
  }

  /**
   * Runs the claim script: remembering `request` in the same step when given, and ending the
   * sessions (store keys under `storePrefix`, index entries) when given the store's key
   * prefix. Notes the tombstones of every claimed session. Without a prefix every claimed
   * session is `notEnded`.
   */
  private async runClaim(
    claim: LogoutClaim,
    request: LogoutRequestId | undefined,
    storePrefix: string | undefined,
  ): Promise<{ ended: string[]; notEnded: string[] }> {
    const now = this.now();
    const tombstoneTtl = this.lifetimes.tombstoneTtlMs;
    const recordTtl = this.lifetimes.logoutRecordTtlMs;
    const [sessions, logouts, tombstones, requests] = this.userKeys(claim, 's', 'o', 't', 'r');
    const reply = await this.run(
      CLAIM_SCRIPT,
      [sessions, logouts, ...(request ? [requestKey(requests, claim.issuer, request)] : [])],
      [
        String(now),
        String(tombstoneTtl),
        String(recordTtl),
        String(now + recordTtl),
        String(Math.max(0, Math.floor(claim.issuedAt))),
        claim.nameQualifier ?? '',
        claim.spNameQualifier ?? '',
        `${tombstones}:`,
        request ? String(Math.ceil(request.keepUntil)) : '',
        storePrefix === undefined ? '' : '1',
        storePrefix ?? '',
        ...(claim.sessionIndexes ?? []),
      ],
    );
    if (!Array.isArray(reply)) {
      if (request && Number(reply) === 0) {
        throw new SloError(
          SloErrorCode.MessageReplayed,
          'a message with this ID was already processed',
        );
      }
      throw new SloError(SloErrorCode.SessionIndexUnavailable, 'unexpected reply from Redis');
    }
    const [ended, notEnded] = storePrefix === undefined ? [[], reply] : (reply as unknown[]);
    if (!Array.isArray(ended) || !Array.isArray(notEnded)) {
      throw new SloError(SloErrorCode.SessionIndexUnavailable, 'unexpected reply from Redis');
    }
    const claimed = { ended: ended.map(String), notEnded: notEnded.map(String) };
    for (const sessionId of [...claimed.ended, ...claimed.notEnded]) {
      this.noteTombstone(sessionId, now + tombstoneTtl);
    }
    return claimed;
  }

  async touch(sessionId: string, login: LoginRecord, expiresAt?: number): Promise<SessionState> {
    const [sessions, logouts] = this.userKeys(login, 's', 'o');
    const live = await this.run(
      TOUCH_SCRIPT,
      [sessions, this.tombstonePrefix(login) + sessionId, logouts],
      [
        sessionId,
        this.entryValue(login, expiresAt),
        String(this.now()),
        authnMs(login),
        String(this.lifetimes.tombstoneTtlMs),
        ...login.sessionIndexes,
      ],
    );
    if (Number(live) === 1) return 'live';
    this.noteTombstone(sessionId, this.now() + this.lifetimes.tombstoneTtlMs);
    return 'logged-out';
  }

  async tombstone(sessionId: string, login: LoginRecord): Promise<void> {
    const ttl = this.lifetimes.tombstoneTtlMs;
    await this.run(TOMBSTONE_SCRIPT, [this.tombstonePrefix(login) + sessionId], [String(ttl)]);
    this.noteTombstone(sessionId, this.now() + ttl);
  }

  async remove(sessionId: string, login: LoginRecord): Promise<void> {
    await this.run(REMOVE_SCRIPT, this.userKeys(login, 's'), [sessionId, '', String(this.now())]);
  }

  isLoggedOut(sessionId: string): boolean {
    const until = this.localTombstones.get(sessionId);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.localTombstones.delete(sessionId);
    return false;
  }

  /**
   * The Redis key of a user's sessions hash (for tests and operators' tooling). Keys are
   * the SP's: tooling calls `forServiceProvider(entityID)` first, as `createSlo` does.
   */
  sessionsKeyOf(subject: { issuer: string; nameID: string; nameIDFormat?: string }): string {
    return this.userKeys(subject, 's')[0];
  }

  /** The user's keys of the given kinds, in order (one hash tag, so one Cluster slot). */
  private userKeys<Kinds extends string[]>(
    subject: { issuer: string; nameID: string; nameIDFormat?: string },
    ...kinds: Kinds
  ): { [K in keyof Kinds]: string } {
    // Without an SP (the index used on its own, outside createSlo) the user alone.
    const tag = hashNameId(
      subject.issuer,
      subject.nameID,
      subject.nameIDFormat,
      this.scope.entityID,
    ).slice(0, 32);
    return kinds.map((kind) => `${this.prefix}{${tag}}:${kind}`) as { [K in keyof Kinds]: string };
  }

  private tombstonePrefix(subject: {
    issuer: string;
    nameID: string;
    nameIDFormat?: string;
  }): string {
    return `${this.userKeys(subject, 't')[0]}:`;
  }

  private entryValue(login: LoginRecord, expiresAt: number | undefined): string {
    const data: EntryData = {
      s: login.sessionIndexes,
      ...(login.nameQualifier === undefined ? {} : { q: login.nameQualifier }),
      ...(login.spNameQualifier === undefined ? {} : { p: login.spNameQualifier }),
    };
    return `${expiresAt === undefined ? 0 : Math.ceil(expiresAt)}|${JSON.stringify(data)}`;
  }

  private noteTombstone(sessionId: string, until: number): void {
    this.localTombstones.delete(sessionId);
    this.localTombstones.set(sessionId, until);
    if (this.localTombstones.size > MAX_LOCAL_TOMBSTONES) {
      this.localTombstones.delete(this.localTombstones.keys().next().value!);
    }
  }

  private run(script: string, keys: string[], args: string[]): Promise<unknown> {
    return runScript(this.options.client, script, keys, args, this.timeoutMs);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** Where a LogoutRequest's ID is remembered: under the user's `r` key, as a hash of IdP and ID. */
function requestKey(userRequestsKey: string, issuer: string, request: LogoutRequestId): string {
  return `${userRequestsKey}:${requestKeyOf(issuer, request.id)}`;
}

/** A message's (IdP, ID) as a key part: a hash, so no raw value reaches a key. */
function requestKeyOf(issuer: string, id: string): string {
  return createHash('sha256').update(issuer).update('\u0000').update(id).digest('hex').slice(0, 40);
}

function requireRedisClient(client: unknown, option: string): void {
  if (!client || typeof (client as RedisClientLike).evalSha !== 'function') {
    throw new SloError(
      SloErrorCode.OptionInvalid,
      `saml-slo option ${option} must be a connected node-redis v5 client (createClient().connect())`,
      { option },
    );
  }
}

function parseEntry(value: string): { expiresAt: number; data: EntryData } | undefined {
  const sep = value.indexOf('|');
  if (sep < 0) return undefined;
  try {
    return {
      expiresAt: Number(value.slice(0, sep)),
      data: JSON.parse(value.slice(sep + 1)) as EntryData,
    };
  } catch {
    return undefined;
  }
}

function asLogin(query: SessionQuery, data: EntryData): LoginRecord {
  return {
    issuer: query.issuer,
    nameID: query.nameID,
    ...(query.nameIDFormat === undefined ? {} : { nameIDFormat: query.nameIDFormat }),
    ...(data.q === undefined ? {} : { nameQualifier: data.q }),
    ...(data.p === undefined ? {} : { spNameQualifier: data.p }),
    sessionIndexes: Array.isArray(data.s) ? data.s : [],
  };
}

/**
 * The {@link ReplayCache} in Redis, shared by every instance: `SET NX PXAT` per
 * (IdP, message ID), keyed by a hash so no raw value reaches a key.
 *
 * @example
 * ```ts
 * const replayCache = new RedisReplayCache({ client });
 * ```
 */
export class RedisReplayCache implements ReplayCache {
  private readonly prefix: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: Omit<RedisSessionIndexOptions, keyof LogoutGuardOptions>) {
    requireRedisClient(options?.client, 'RedisReplayCache.client');
    this.prefix = options.prefix ?? 'saml-slo:';
    this.timeoutMs = integerOption(options.timeoutMs ?? 2000, 'RedisReplayCache.timeoutMs');
  }

  async remember(issuer: string, id: string, expiresAt: number): Promise<boolean> {
    const key = `${this.prefix}replay:${requestKeyOf(issuer, id)}`;
    const first = await runScript(
      this.options.client,
      REPLAY_SCRIPT,
      [key],
      [String(Math.ceil(expiresAt))],
      this.timeoutMs,
    );
    return Number(first) === 1;
  }
}

/** A login's AuthnInstant in ms, as the scripts read it ('0' = unknown). */
function authnMs(login: LoginRecord): string {
  const authn = login.authnInstant === undefined ? NaN : Date.parse(login.authnInstant);
  return String(Number.isNaN(authn) ? 0 : authn);
}
