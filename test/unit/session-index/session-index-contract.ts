import { SloErrorCode } from '../../../lib/errors';
import type { LoginRecord } from '../../../lib/session-index/login-record';
import type {
  LogoutClaim,
  LogoutGuardOptions,
  SessionIndex,
  SessionQuery,
} from '../../../lib/session-index/session-index';
import { eventually } from '../../support/eventually';

/** What the contract passes to the factory: the clock to use and the guards' lifetimes. */
export interface SessionIndexTestOptions extends LogoutGuardOptions {
  /** The clock the index must use for expiry (ms since epoch); the contract moves it. */
  readonly now: () => number;
}

/** What each run of the contract gets from the implementation under test. */
export interface SessionIndexUnderTest {
  readonly index: SessionIndex;
  /** Frees whatever `makeIndex` took (connections, keys); called after every test. */
  cleanup(): Promise<void>;
}

const SECOND = 1_000;
const HOUR = 3_600_000;
const IDP_A = 'https://idp-a.test/metadata';
const IDP_B = 'https://idp-b.test/metadata';
const UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
/** Longest real time a test waits for a Redis-side TTL it set to a few hundred ms. */
const REAL_TTL_WAIT_MS = 5_000;

/**
 * The start of each test's clock: the next whole second of real time. Near real time on
 * purpose: a Redis index also hands expiries to Redis (PEXPIREAT), which expires keys on
 * real time, so the injected clock must never run behind it.
 */
let T0 = 0;
const iso = (ms: number) => new Date(ms).toISOString();

function login(overrides: Partial<LoginRecord> = {}): LoginRecord {
  return {
    issuer: IDP_A,
    nameID: 'alice@example.com',
    sessionIndexes: ['_s1'],
    authnInstant: iso(T0 - 60 * SECOND),
    ...overrides,
  };
}

/** The same login, without the AuthnInstant property (not merely undefined). */
function withoutAuthnInstant(record: LoginRecord): LoginRecord {
  const copy: { -readonly [K in keyof LoginRecord]: LoginRecord[K] } = { ...record };
  delete copy.authnInstant;
  return copy;
}

function query(overrides: Partial<SessionQuery> = {}): SessionQuery {
  return { issuer: IDP_A, nameID: 'alice@example.com', ...overrides };
}

function claim(overrides: Partial<LogoutClaim> = {}): LogoutClaim {
  return { issuer: IDP_A, nameID: 'alice@example.com', issuedAt: T0, ...overrides };
}

const sorted = (ids: string[]) => [...ids].sort();

const refusedAsLoggedOut = { code: SloErrorCode.LoginAlreadyLoggedOut };

/**
 * The behaviour every {@link SessionIndex} must have (design §4 and §5). Each implementation
 * runs it with its own factory. The factory must make the index use `options.now` as its
 * clock and pass on `tombstoneTtlMs` / `logoutRecordTtlMs` when given; the contract sets the
 * clock to `T0` (near real time) before each test and moves it forward.
 *
 * Expiry is tested on the injected clock only for what the index decides itself (an entry
 * or logout record whose time has come is ignored). A tombstone's lifetime may be enforced
 * by the backend on real time (Redis `PX`), so that test uses a short TTL and waits for it.
 *
 * @example
 * ```ts
 * describeSessionIndexContract('MemorySessionIndex', async (options) => ({
 *   index: new MemorySessionIndex(options),
 *   cleanup: async () => {},
 * }));
 * ```
 */
export function describeSessionIndexContract(
  name: string,
  makeIndex: (options: SessionIndexTestOptions) => Promise<SessionIndexUnderTest>,
): void {
  describe(`${name} satisfies the SessionIndex contract`, () => {
    let clock = 0;
    const now = () => clock;
    const setNow = (ms: number) => {
      clock = ms;
    };
    let subjects: SessionIndexUnderTest[] = [];
    let index: SessionIndex;

    /** Another index (own storage) on the same clock, with other guard lifetimes. */
    const make = async (guards: LogoutGuardOptions): Promise<SessionIndex> => {
      const subject = await makeIndex({ now, ...guards });
      subjects.push(subject);
      return subject.index;
    };

    beforeEach(async () => {
      T0 = Math.ceil(Date.now() / SECOND) * SECOND;
      setNow(T0);
      subjects = [];
      index = await make({});
    });

    afterEach(async () => {
      for (const subject of subjects) await subject.cleanup();
    });

    it('says whether it is shared between instances', () => {
      expect(typeof index.shared).toBe('boolean');
    });

    describe('add and find', () => {
      it('finds a session by (issuer, NameID)', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('finds a session by SessionIndex', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.add('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        expect(await index.find(query({ sessionIndexes: ['_s1'] }))).toEqual(['sid-1']);
        expect(await index.find(query({ sessionIndexes: ['_s2'] }))).toEqual(['sid-2']);
      });

      it('finds every session named by any of several SessionIndexes', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.add('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        await index.add('sid-3', login({ sessionIndexes: ['_s3'] }), T0 + HOUR);
        expect(sorted(await index.find(query({ sessionIndexes: ['_s3', '_s1'] })))).toEqual([
          'sid-1',
          'sid-3',
        ]);
      });

      it('finds a login recorded with several SessionIndexes by any one of them', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1', '_s2'] }), T0 + HOUR);
        expect(await index.find(query({ sessionIndexes: ['_s2'] }))).toEqual(['sid-1']);
      });

      it('finds nothing for a SessionIndex nobody has', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.find(query({ sessionIndexes: ['_unknown'] }))).toEqual([]);
      });

      it('finds nothing in an empty index', async () => {
        expect(await index.find(query())).toEqual([]);
      });

      it('finds every session of a user when no SessionIndex is given (absent or empty)', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.add('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        await index.add('sid-3', login({ sessionIndexes: [] }), T0 + HOUR);
        const all = ['sid-1', 'sid-2', 'sid-3'];
        expect(sorted(await index.find(query()))).toEqual(all);
        expect(sorted(await index.find(query({ sessionIndexes: [] })))).toEqual(all);
      });

      it('a login recorded without SessionIndex is found only by user, not by a SessionIndex', async () => {
        await index.add('sid-1', login({ sessionIndexes: [] }), T0 + HOUR);
        expect(await index.find(query({ sessionIndexes: ['_s1'] }))).toEqual([]);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('returns no duplicates', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1', '_s2'] }), T0 + HOUR);
        await index.add('sid-1', login({ sessionIndexes: ['_s1', '_s2'] }), T0 + HOUR);
        expect(await index.find(query({ sessionIndexes: ['_s1', '_s2', '_s1'] }))).toEqual([
          'sid-1',
        ]);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('keeps a login without AuthnInstant or expiry', async () => {
        await index.add('sid-1', withoutAuthnInstant(login()));
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('finds, but does not change anything', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.find(query());
        await index.find(query({ sessionIndexes: ['_s1'] }));
        expect(index.isLoggedOut('sid-1')).toBe(false);
        expect(await index.touch('sid-1', login(), T0 + HOUR)).toBe('live');
        await expect(index.add('sid-2', login(), T0 + HOUR)).resolves.toBeUndefined();
      });
    });

    describe('never matches another user or another IdP', () => {
      it('another NameID at the same IdP', async () => {
        await index.add('sid-alice', login(), T0 + HOUR);
        await index.add('sid-bob', login({ nameID: 'bob@example.com' }), T0 + HOUR);
        expect(await index.find(query())).toEqual(['sid-alice']);
        expect(await index.find(query({ nameID: 'bob@example.com' }))).toEqual(['sid-bob']);
      });

      it('another user holding the same SessionIndex', async () => {
        await index.add('sid-alice', login({ sessionIndexes: ['_shared'] }), T0 + HOUR);
        await index.add(
          'sid-bob',
          login({ nameID: 'bob@example.com', sessionIndexes: ['_shared'] }),
          T0 + HOUR,
        );
        expect(await index.find(query({ sessionIndexes: ['_shared'] }))).toEqual(['sid-alice']);
      });

      it('the same NameID at two IdPs', async () => {
        await index.add('sid-a', login({ issuer: IDP_A }), T0 + HOUR);
        await index.add('sid-b', login({ issuer: IDP_B }), T0 + HOUR);
        expect(await index.find(query({ issuer: IDP_A }))).toEqual(['sid-a']);
        expect(await index.find(query({ issuer: IDP_B }))).toEqual(['sid-b']);
      });

      it('the same NameID and SessionIndex at two IdPs', async () => {
        await index.add('sid-a', login({ issuer: IDP_A, sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.add('sid-b', login({ issuer: IDP_B, sessionIndexes: ['_s1'] }), T0 + HOUR);
        expect(await index.find(query({ issuer: IDP_B, sessionIndexes: ['_s1'] }))).toEqual([
          'sid-b',
        ]);
      });

      it('a NameID that differs only by case', async () => {
        await index.add('sid-1', login({ nameID: 'Alice@example.com' }), T0 + HOUR);
        expect(await index.find(query({ nameID: 'alice@example.com' }))).toEqual([]);
      });

      it('an unknown IdP', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.find(query({ issuer: 'https://unknown.test' }))).toEqual([]);
      });
    });

    describe('NameID Format', () => {
      it('an absent Format in the login matches a query with unspecified', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.find(query({ nameIDFormat: UNSPECIFIED }))).toEqual(['sid-1']);
      });

      it('an unspecified Format in the login matches a query without Format', async () => {
        await index.add('sid-1', login({ nameIDFormat: UNSPECIFIED }), T0 + HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('the same Format matches', async () => {
        await index.add('sid-1', login({ nameIDFormat: EMAIL }), T0 + HOUR);
        expect(await index.find(query({ nameIDFormat: EMAIL }))).toEqual(['sid-1']);
      });

      it('a different Format does not match', async () => {
        await index.add('sid-1', login({ nameIDFormat: EMAIL }), T0 + HOUR);
        expect(await index.find(query({ nameIDFormat: PERSISTENT }))).toEqual([]);
        expect(await index.find(query())).toEqual([]);
      });

      it('a specific Format in the query does not match a login without Format', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.find(query({ nameIDFormat: EMAIL }))).toEqual([]);
      });
    });

    describe.each([['nameQualifier'], ['spNameQualifier']] as const)('%s', (field) => {
      it('is compared when both the login and the query carry it', async () => {
        await index.add('sid-1', login({ [field]: 'https://q-one.test' }), T0 + HOUR);
        expect(await index.find(query({ [field]: 'https://q-one.test' }))).toEqual(['sid-1']);
        expect(await index.find(query({ [field]: 'https://q-two.test' }))).toEqual([]);
      });

      it('is ignored when only the login carries it', async () => {
        await index.add('sid-1', login({ [field]: 'https://q-one.test' }), T0 + HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('is ignored when only the query carries it', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.find(query({ [field]: 'https://q-one.test' }))).toEqual(['sid-1']);
      });
    });

    describe('add replaces an earlier record for the same session id', () => {
      // Entries are kept per user: moving a session id to another user is remove + add (the
      // interface's contract; SloSessionStore does the remove).
      it('moving the session to another user', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.remove('sid-1', login());
        await index.add('sid-1', login({ nameID: 'bob@example.com' }), T0 + HOUR);
        expect(await index.find(query({ nameID: 'bob@example.com' }))).toEqual(['sid-1']);
        expect(await index.find(query())).toEqual([]);
      });

      it('so a logout of the former user does not claim it', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.remove('sid-1', login());
        await index.add('sid-1', login({ nameID: 'bob@example.com' }), T0 + HOUR);
        expect(await index.claimForLogout(claim())).toEqual([]);
        expect(index.isLoggedOut('sid-1')).toBe(false);
      });

      it('forgetting the old SessionIndexes', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_old'] }), T0 + HOUR);
        await index.add('sid-1', login({ sessionIndexes: ['_new'] }), T0 + HOUR);
        expect(await index.find(query({ sessionIndexes: ['_old'] }))).toEqual([]);
        expect(await index.find(query({ sessionIndexes: ['_new'] }))).toEqual(['sid-1']);
      });

      it('forgetting the old qualifiers', async () => {
        await index.add('sid-1', login({ nameQualifier: 'https://q-one.test' }), T0 + HOUR);
        await index.add('sid-1', login({ nameQualifier: 'https://q-two.test' }), T0 + HOUR);
        expect(await index.find(query({ nameQualifier: 'https://q-one.test' }))).toEqual([]);
        expect(await index.find(query({ nameQualifier: 'https://q-two.test' }))).toEqual(['sid-1']);
      });

      it('taking the new expiry', async () => {
        await index.add('sid-1', login(), T0 + 10 * SECOND);
        await index.add('sid-1', login(), T0 + HOUR);
        setNow(T0 + 20 * SECOND);
        expect(await index.find(query())).toEqual(['sid-1']);
      });
    });

    describe('tombstone (a session the app destroys)', () => {
      it('touch then says logged-out, and this process knows it at once', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.tombstone('sid-1', login());
        expect(index.isLoggedOut('sid-1')).toBe(true);
        expect(await index.touch('sid-1', login(), T0 + HOUR)).toBe('logged-out');
      });

      it('keeps the entry until remove (a destroy that fails leaves it findable)', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.tombstone('sid-1', login({ sessionIndexes: ['_s1'] }));
        expect(await index.find(query({ sessionIndexes: ['_s1'] }))).toEqual(['sid-1']);
        await index.remove('sid-1', login({ sessionIndexes: ['_s1'] }));
        expect(await index.find(query())).toEqual([]);
        expect(await index.touch('sid-1', login(), T0 + HOUR)).toBe('logged-out');
      });

      it('touches only that session: the user’s others stay live', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.add('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        await index.tombstone('sid-1', login({ sessionIndexes: ['_s1'] }));
        expect(index.isLoggedOut('sid-2')).toBe(false);
        expect(await index.touch('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR)).toBe(
          'live',
        );
      });

      it('records no logout: a later login of the same user is not refused', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.tombstone('sid-1', login({ sessionIndexes: ['_s1'] }));
        await index.remove('sid-1', login({ sessionIndexes: ['_s1'] }));
        await index.add('sid-2', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        expect(await index.find(query({ sessionIndexes: ['_s1'] }))).toEqual(['sid-2']);
      });
    });

    describe('remove', () => {
      it('forgets the session', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.remove('sid-1', login({ sessionIndexes: ['_s1'] }));
        expect(await index.find(query())).toEqual([]);
        expect(await index.find(query({ sessionIndexes: ['_s1'] }))).toEqual([]);
        expect(await index.claimForLogout(claim())).toEqual([]);
      });

      it('leaves the user’s other sessions', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.add('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        await index.remove('sid-1', login({ sessionIndexes: ['_s1'] }));
        expect(await index.find(query())).toEqual(['sid-2']);
      });

      it('leaves other users’ sessions', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.add('sid-2', login({ nameID: 'bob@example.com' }), T0 + HOUR);
        await index.remove('sid-1', login());
        expect(await index.find(query({ nameID: 'bob@example.com' }))).toEqual(['sid-2']);
      });

      it('is a no-op for an unknown session id', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await expect(index.remove('sid-unknown', login())).resolves.toBeUndefined();
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('is a no-op for a user the index never saw', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await expect(
          index.remove('sid-unknown', login({ nameID: 'nobody@example.com' })),
        ).resolves.toBeUndefined();
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('allows the session id to be added again', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.remove('sid-1', login());
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('keeps the tombstone of a logged-out session', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.claimForLogout(claim())).toEqual(['sid-1']);
        await index.remove('sid-1', login());
        expect(index.isLoggedOut('sid-1')).toBe(true);
        expect(await index.touch('sid-1', login(), T0 + HOUR)).toBe('logged-out');
      });
    });

    describe('expiry', () => {
      it('returns an entry until its expiry and not after', async () => {
        await index.add('sid-1', login(), T0 + 10 * SECOND);
        setNow(T0 + 10 * SECOND - 1);
        expect(await index.find(query())).toEqual(['sid-1']);
        setNow(T0 + 10 * SECOND + 1);
        expect(await index.find(query())).toEqual([]);
        expect(await index.find(query({ sessionIndexes: ['_s1'] }))).toEqual([]);
      });

      it('keeps an entry without expiry', async () => {
        await index.add('sid-1', login());
        setNow(T0 + 365 * 24 * HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('drops only the expired sessions of a user', async () => {
        await index.add('sid-short', login({ sessionIndexes: ['_s1'] }), T0 + 10 * SECOND);
        await index.add('sid-long', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        setNow(T0 + 20 * SECOND);
        expect(await index.find(query())).toEqual(['sid-long']);
      });

      it('claimForLogout ignores (and does not tombstone) an expired entry', async () => {
        await index.add('sid-short', login(), T0 + 10 * SECOND);
        await index.add('sid-long', login(), T0 + HOUR);
        setNow(T0 + 20 * SECOND);
        expect(await index.claimForLogout(claim({ issuedAt: T0 + 20 * SECOND }))).toEqual([
          'sid-long',
        ]);
        expect(index.isLoggedOut('sid-short')).toBe(false);
      });
    });

    describe('touch', () => {
      it('says the session is live', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.touch('sid-1', login(), T0 + 2 * HOUR)).toBe('live');
      });

      it('moves the expiry later', async () => {
        await index.add('sid-1', login(), T0 + 10 * SECOND);
        expect(await index.touch('sid-1', login(), T0 + 20 * SECOND)).toBe('live');
        setNow(T0 + 15 * SECOND);
        expect(await index.find(query())).toEqual(['sid-1']);
        expect(await index.find(query({ sessionIndexes: ['_s1'] }))).toEqual(['sid-1']);
        setNow(T0 + 20 * SECOND + 1);
        expect(await index.find(query())).toEqual([]);
      });

      // Another instance may have written the later expiry for a save it remembers as covered
      // (it skips its touches until then): an earlier one must not cut that short.
      it('never moves the expiry earlier', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.touch('sid-1', login(), T0 + 10 * SECOND)).toBe('live');
        setNow(T0 + 10 * SECOND + 1);
        expect(await index.find(query())).toEqual(['sid-1']);
        setNow(T0 + HOUR - 1);
        expect(await index.find(query())).toEqual(['sid-1']);
        setNow(T0 + HOUR + 1);
        expect(await index.find(query())).toEqual([]);
      });

      it('never gives an entry without expiry one', async () => {
        await index.add('sid-1', login(), undefined);
        expect(await index.touch('sid-1', login(), T0 + 10 * SECOND)).toBe('live');
        setNow(T0 + 365 * 24 * HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('keeps the later expiry but records the new login', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_old'] }), T0 + HOUR);
        await index.touch('sid-1', login({ sessionIndexes: ['_new'] }), T0 + 10 * SECOND);
        setNow(T0 + 30 * SECOND);
        expect(await index.find(query({ sessionIndexes: ['_new'] }))).toEqual(['sid-1']);
        expect(await index.find(query({ sessionIndexes: ['_old'] }))).toEqual([]);
      });

      it('with no expiry keeps the entry indefinitely', async () => {
        await index.add('sid-1', login(), T0 + 10 * SECOND);
        await index.touch('sid-1', login(), undefined);
        setNow(T0 + 365 * 24 * HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('creates the entry when it is missing', async () => {
        expect(await index.touch('sid-1', login(), T0 + HOUR)).toBe('live');
        expect(await index.find(query())).toEqual(['sid-1']);
        expect(await index.find(query({ sessionIndexes: ['_s1'] }))).toEqual(['sid-1']);
        expect(await index.find(query({ nameID: 'bob@example.com' }))).toEqual([]);
      });

      it('creates the entry again after it was removed', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.remove('sid-1', login());
        expect(await index.touch('sid-1', login(), T0 + HOUR)).toBe('live');
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      // A logout that found no entry (the session id was rotated, or the index lost the
      // entry) answered Success: the session's next save must not index it again.
      it('does not create a missing entry for a login a recorded logout ended (SessionIndex): logged-out, tombstoned', async () => {
        expect(await index.claimForLogout(claim({ sessionIndexes: ['_s1'] }))).toEqual([]);
        expect(await index.touch('sid-new', login(), T0 + HOUR)).toBe('logged-out');
        expect(index.isLoggedOut('sid-new')).toBe(true);
        expect(await index.find(query())).toEqual([]);
        expect(await index.touch('sid-new', login(), T0 + HOUR)).toBe('logged-out');
      });

      it('does not create a missing entry for a login a NameID-wide logout ended (AuthnInstant before it)', async () => {
        const authnInstant = new Date(T0 - HOUR).toISOString();
        await index.claimForLogout(claim({ issuedAt: T0 }));
        expect(await index.touch('sid-new', login({ authnInstant }), T0 + HOUR)).toBe('logged-out');
        expect(await index.find(query())).toEqual([]);
      });

      it('creates a missing entry for a login no recorded logout names', async () => {
        await index.claimForLogout(claim({ sessionIndexes: ['_other'] }));
        const later = new Date(T0 + SECOND).toISOString();
        await index.claimForLogout(claim({ issuedAt: T0 }));
        expect(await index.touch('sid-new', login({ authnInstant: later }), T0 + HOUR)).toBe(
          'live',
        );
        expect(await index.find(query())).toEqual(['sid-new']);
      });

      it('brings an expired entry back with the new expiry', async () => {
        await index.add('sid-1', login(), T0 + 10 * SECOND);
        setNow(T0 + 20 * SECOND);
        expect(await index.find(query())).toEqual([]);
        expect(await index.touch('sid-1', login(), T0 + HOUR)).toBe('live');
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('replaces the recorded login (SessionIndexes, qualifiers)', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_old'] }), T0 + HOUR);
        await index.touch(
          'sid-1',
          login({ sessionIndexes: ['_new'], spNameQualifier: 'https://sp.test' }),
          T0 + HOUR,
        );
        expect(await index.find(query({ sessionIndexes: ['_old'] }))).toEqual([]);
        expect(await index.find(query({ sessionIndexes: ['_new'] }))).toEqual(['sid-1']);
        expect(await index.find(query({ spNameQualifier: 'https://other-sp.test' }))).toEqual([]);
      });

      it('says a session tombstoned by claimForLogout is logged out', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.claimForLogout(claim());
        expect(await index.touch('sid-1', login(), T0 + 2 * HOUR)).toBe('logged-out');
      });

      it('does not re-create a logged-out session once removed', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.claimForLogout(claim())).toEqual(['sid-1']);
        await index.remove('sid-1', login()); // the caller destroys the session
        expect(await index.touch('sid-1', login(), T0 + 2 * HOUR)).toBe('logged-out');
        expect(await index.find(query())).toEqual([]);
        expect(await index.claimForLogout(claim())).toEqual([]);
      });

      it('does not move the expiry of a logged-out session', async () => {
        await index.add('sid-1', login(), T0 + 10 * SECOND);
        await index.claimForLogout(claim());
        expect(await index.touch('sid-1', login(), T0 + HOUR)).toBe('logged-out');
        setNow(T0 + 20 * SECOND);
        expect(await index.find(query())).toEqual([]);
      });

      it('leaves the user’s other sessions live', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.add('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        await index.claimForLogout(claim({ sessionIndexes: ['_s1'] }));
        expect(await index.touch('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR)).toBe(
          'live',
        );
      });
    });

    describe('claimForLogout', () => {
      it('returns every session of the user for a NameID-wide logout', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.add('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        await index.add('sid-3', login({ sessionIndexes: [] }));
        expect(sorted(await index.claimForLogout(claim()))).toEqual(['sid-1', 'sid-2', 'sid-3']);
      });

      it('returns only the sessions named by the SessionIndexes', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.add('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        await index.add('sid-3', login({ sessionIndexes: ['_s3', '_s4'] }), T0 + HOUR);
        await index.add('sid-4', login({ sessionIndexes: [] }), T0 + HOUR);
        expect(
          sorted(await index.claimForLogout(claim({ sessionIndexes: ['_s1', '_s4'] }))),
        ).toEqual(['sid-1', 'sid-3']);
      });

      it('tombstones exactly the sessions it returns', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.add('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        await index.add('sid-bob', login({ nameID: 'bob@example.com' }), T0 + HOUR);
        expect(index.isLoggedOut('sid-1')).toBe(false);
        expect(await index.claimForLogout(claim({ sessionIndexes: ['_s1'] }))).toEqual(['sid-1']);
        expect(index.isLoggedOut('sid-1')).toBe(true);
        expect(index.isLoggedOut('sid-2')).toBe(false);
        expect(index.isLoggedOut('sid-bob')).toBe(false);
        expect(index.isLoggedOut('sid-unknown')).toBe(false);
      });

      it('returns the sessions again on a repeated claim (a retried logout)', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.claimForLogout(claim())).toEqual(['sid-1']);
        expect(await index.claimForLogout(claim())).toEqual(['sid-1']);
        expect(index.isLoggedOut('sid-1')).toBe(true);
      });

      it('returns nothing (and records the logout) when the user has no session', async () => {
        expect(await index.claimForLogout(claim({ sessionIndexes: ['_s1'] }))).toEqual([]);
        await expect(index.add('sid-1', login(), T0 + HOUR)).rejects.toMatchObject(
          refusedAsLoggedOut,
        );
      });

      it('never returns sessions of another user', async () => {
        await index.add('sid-alice', login({ sessionIndexes: ['_shared'] }), T0 + HOUR);
        await index.add(
          'sid-bob',
          login({ nameID: 'bob@example.com', sessionIndexes: ['_shared'] }),
          T0 + HOUR,
        );
        expect(await index.claimForLogout(claim({ sessionIndexes: ['_shared'] }))).toEqual([
          'sid-alice',
        ]);
        expect(index.isLoggedOut('sid-bob')).toBe(false);
        expect(
          await index.touch(
            'sid-bob',
            login({ nameID: 'bob@example.com', sessionIndexes: ['_shared'] }),
            T0 + HOUR,
          ),
        ).toBe('live');
      });

      it('never returns sessions of another IdP', async () => {
        await index.add('sid-a', login({ issuer: IDP_A }), T0 + HOUR);
        await index.add('sid-b', login({ issuer: IDP_B }), T0 + HOUR);
        expect(await index.claimForLogout(claim({ issuer: IDP_B }))).toEqual(['sid-b']);
        expect(index.isLoggedOut('sid-a')).toBe(false);
        expect(await index.find(query({ issuer: IDP_A }))).toEqual(['sid-a']);
      });

      it('matches the NameID Format like find', async () => {
        await index.add('sid-none', login(), T0 + HOUR);
        await index.add('sid-email', login({ nameIDFormat: EMAIL }), T0 + HOUR);
        expect(await index.claimForLogout(claim({ nameIDFormat: UNSPECIFIED }))).toEqual([
          'sid-none',
        ]);
        expect(await index.claimForLogout(claim({ nameIDFormat: PERSISTENT }))).toEqual([]);
        expect(await index.claimForLogout(claim({ nameIDFormat: EMAIL }))).toEqual(['sid-email']);
      });

      it.each([['nameQualifier'], ['spNameQualifier']] as const)(
        'compares %s only when both carry it',
        async (field) => {
          await index.add('sid-one', login({ [field]: 'https://q-one.test' }), T0 + HOUR);
          await index.add('sid-two', login({ [field]: 'https://q-two.test' }), T0 + HOUR);
          await index.add('sid-none', login(), T0 + HOUR);
          expect(
            sorted(await index.claimForLogout(claim({ [field]: 'https://q-one.test' }))),
          ).toEqual(['sid-none', 'sid-one']);
          expect(index.isLoggedOut('sid-two')).toBe(false);
          expect(sorted(await index.claimForLogout(claim()))).toEqual([
            'sid-none',
            'sid-one',
            'sid-two',
          ]);
        },
      );

      it('does not remove the entries (the caller destroys the sessions)', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.claimForLogout(claim());
        expect(await index.find(query())).toEqual(['sid-1']);
      });
    });

    describe('late logins (the logout arrived first)', () => {
      it('refuses a login with a SessionIndex that was logged out', async () => {
        await index.claimForLogout(claim({ sessionIndexes: ['_x'] }));
        await expect(
          index.add('sid-1', login({ sessionIndexes: ['_x'] }), T0 + HOUR),
        ).rejects.toMatchObject(refusedAsLoggedOut);
        await expect(
          index.add('sid-2', login({ sessionIndexes: ['_y', '_x'] }), T0 + HOUR),
        ).rejects.toMatchObject(refusedAsLoggedOut);
        expect(await index.find(query())).toEqual([]);
      });

      it('accepts a login with a new SessionIndex', async () => {
        await index.add('sid-old', login({ sessionIndexes: ['_x'] }), T0 + HOUR);
        expect(await index.claimForLogout(claim({ sessionIndexes: ['_x'] }))).toEqual(['sid-old']);
        await index.add('sid-new', login({ sessionIndexes: ['_y'] }), T0 + HOUR);
        expect(await index.find(query({ sessionIndexes: ['_y'] }))).toEqual(['sid-new']);
      });

      it('a SessionIndex logout does not refuse logins by their AuthnInstant', async () => {
        await index.claimForLogout(claim({ sessionIndexes: ['_x'], issuedAt: T0 }));
        await expect(
          index.add(
            'sid-1',
            login({ sessionIndexes: ['_y'], authnInstant: iso(T0 - HOUR) }),
            T0 + HOUR,
          ),
        ).resolves.toBeUndefined();
      });

      it('after a NameID-wide logout issued at T, refuses logins authenticated at or before T', async () => {
        const t = T0 - 10 * SECOND;
        await index.claimForLogout(claim({ issuedAt: t }));
        await expect(
          index.add(
            'sid-1',
            login({ sessionIndexes: ['_a'], authnInstant: iso(t - 1) }),
            T0 + HOUR,
          ),
        ).rejects.toMatchObject(refusedAsLoggedOut);
        await expect(
          index.add('sid-2', login({ sessionIndexes: ['_b'], authnInstant: iso(t) }), T0 + HOUR),
        ).rejects.toMatchObject(refusedAsLoggedOut);
        expect(await index.find(query())).toEqual([]);
      });

      it('after a NameID-wide logout issued at T, accepts logins authenticated after T', async () => {
        const t = T0 - 10 * SECOND;
        await index.claimForLogout(claim({ issuedAt: t }));
        await index.add(
          'sid-1',
          login({ sessionIndexes: ['_a'], authnInstant: iso(t + 1) }),
          T0 + HOUR,
        );
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('after a NameID-wide logout, accepts a login without AuthnInstant', async () => {
        await index.claimForLogout(claim({ issuedAt: T0 }));
        await index.add('sid-1', withoutAuthnInstant(login({ sessionIndexes: ['_a'] })), T0 + HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('an older NameID-wide logout does not lower the bar of a newer one', async () => {
        await index.claimForLogout(claim({ issuedAt: T0 }));
        await index.claimForLogout(claim({ issuedAt: T0 - HOUR }));
        await expect(
          index.add('sid-1', login({ authnInstant: iso(T0 - 1) }), T0 + HOUR),
        ).rejects.toMatchObject(refusedAsLoggedOut);
      });

      it('refuses nothing for another user or another IdP', async () => {
        await index.claimForLogout(claim({ sessionIndexes: ['_x'] }));
        await index.claimForLogout(claim({ issuedAt: T0 }));
        await index.add(
          'sid-bob',
          login({ nameID: 'bob@example.com', sessionIndexes: ['_x'], authnInstant: iso(T0 - 1) }),
          T0 + HOUR,
        );
        await index.add(
          'sid-b',
          login({ issuer: IDP_B, sessionIndexes: ['_x'], authnInstant: iso(T0 - 1) }),
          T0 + HOUR,
        );
        expect(await index.find(query({ nameID: 'bob@example.com' }))).toEqual(['sid-bob']);
        expect(await index.find(query({ issuer: IDP_B }))).toEqual(['sid-b']);
      });

      it('touch is not refused (the session was indexed before the logout)', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_x'] }), T0 + HOUR);
        await index.claimForLogout(claim({ sessionIndexes: ['_other'] }));
        expect(await index.touch('sid-1', login({ sessionIndexes: ['_x'] }), T0 + HOUR)).toBe(
          'live',
        );
      });
    });

    describe('guard lifetimes', () => {
      it('a SessionIndex logout record expires after logoutRecordTtlMs', async () => {
        const short = await make({ logoutRecordTtlMs: 10 * SECOND });
        await short.claimForLogout(claim({ sessionIndexes: ['_x'] }));
        setNow(T0 + 10 * SECOND - 1);
        await expect(
          short.add('sid-1', login({ sessionIndexes: ['_x'] }), T0 + HOUR),
        ).rejects.toMatchObject(refusedAsLoggedOut);
        setNow(T0 + 10 * SECOND + 1);
        await short.add('sid-1', login({ sessionIndexes: ['_x'] }), T0 + HOUR);
        expect(await short.find(query())).toEqual(['sid-1']);
      });

      it('a NameID-wide logout record expires after logoutRecordTtlMs', async () => {
        const short = await make({ logoutRecordTtlMs: 10 * SECOND });
        await short.claimForLogout(claim({ issuedAt: T0 }));
        setNow(T0 + 10 * SECOND - 1);
        await expect(
          short.add('sid-1', login({ authnInstant: iso(T0 - 1) }), T0 + HOUR),
        ).rejects.toMatchObject(refusedAsLoggedOut);
        setNow(T0 + 10 * SECOND + 1);
        await short.add('sid-1', login({ authnInstant: iso(T0 - 1) }), T0 + HOUR);
        expect(await short.find(query())).toEqual(['sid-1']);
      });

      it('each logout record lasts logoutRecordTtlMs from its own logout', async () => {
        const short = await make({ logoutRecordTtlMs: 10 * SECOND });
        await short.claimForLogout(claim({ issuedAt: T0 }));
        setNow(T0 + 5 * SECOND);
        await short.claimForLogout(claim({ sessionIndexes: ['_x'], issuedAt: T0 + 5 * SECOND }));
        setNow(T0 + 10 * SECOND + 1);
        // The NameID-wide record (T0) is over; the SessionIndex one (T0 + 5 s) is not.
        await short.add(
          'sid-1',
          login({ sessionIndexes: ['_a'], authnInstant: iso(T0 - 1) }),
          T0 + HOUR,
        );
        await expect(
          short.add('sid-2', login({ sessionIndexes: ['_x'] }), T0 + HOUR),
        ).rejects.toMatchObject(refusedAsLoggedOut);
        expect(await short.find(query())).toEqual(['sid-1']);
      });

      it('a logout record lasts one hour by default', async () => {
        await index.claimForLogout(claim({ sessionIndexes: ['_x'] }));
        setNow(T0 + HOUR - SECOND);
        await expect(
          index.add('sid-1', login({ sessionIndexes: ['_x'] }), T0 + 2 * HOUR),
        ).rejects.toMatchObject(refusedAsLoggedOut);
        setNow(T0 + HOUR + SECOND);
        await index.add('sid-1', login({ sessionIndexes: ['_x'] }), T0 + 2 * HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('a tombstone expires after tombstoneTtlMs (touch says live again)', async () => {
        const ttl = 200;
        const short = await make({ tombstoneTtlMs: ttl });
        await short.add('sid-1', login(), T0 + HOUR);
        expect(await short.claimForLogout(claim())).toEqual(['sid-1']);
        expect(short.isLoggedOut('sid-1')).toBe(true);
        setNow(T0 + ttl - 1);
        expect(short.isLoggedOut('sid-1')).toBe(true);
        setNow(T0 + ttl + 1);
        expect(short.isLoggedOut('sid-1')).toBe(false);
        // A backend may enforce the tombstone's TTL on real time (Redis PX): wait for it.
        const live = await eventually(
          async () => (await short.touch('sid-1', login(), T0 + HOUR)) === 'live',
          REAL_TTL_WAIT_MS,
        );
        expect(live).toBe(true);
        expect(await short.find(query())).toEqual(['sid-1']);
      });

      it('a tombstone lasts one hour by default', async () => {
        await index.add('sid-1', login(), T0 + 2 * HOUR);
        await index.claimForLogout(claim());
        setNow(T0 + HOUR - SECOND);
        expect(index.isLoggedOut('sid-1')).toBe(true);
        setNow(T0 + HOUR + SECOND);
        expect(index.isLoggedOut('sid-1')).toBe(false);
      });
    });
  });
}
