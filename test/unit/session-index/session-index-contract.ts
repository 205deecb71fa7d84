import type { LoginRecord } from '../../../lib/session-index/login-record';
import type { SessionIndex, SessionQuery } from '../../../lib/session-index/session-index';

/** What each run of the contract gets from the implementation under test. */
export interface SessionIndexUnderTest {
  readonly index: SessionIndex;
  /** The clock the index uses for expiry (ms since epoch). */
  readonly now: { set(ms: number): void };
  /** Frees whatever `makeIndex` took (connections, keys); called after every test. */
  cleanup(): Promise<void>;
}

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const HOUR = 3_600_000;
const IDP_A = 'https://idp-a.test/metadata';
const IDP_B = 'https://idp-b.test/metadata';
const UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';

function login(overrides: Partial<LoginRecord> = {}): LoginRecord {
  return {
    issuer: IDP_A,
    nameID: 'alice@example.com',
    sessionIndexes: ['_s1'],
    authnInstant: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

function query(overrides: Partial<SessionQuery> = {}): SessionQuery {
  return { issuer: IDP_A, nameID: 'alice@example.com', ...overrides };
}

const sorted = (ids: string[]) => [...ids].sort();

/**
 * The behaviour every {@link SessionIndex} must have (design §4). Each implementation runs
 * it with its own factory; `makeIndex` is called before each test with the clock at an
 * arbitrary `now` that tests then move with `now.set`.
 *
 * @example
 * ```ts
 * describeSessionIndexContract('MemorySessionIndex', async () => {
 *   let ms = 0;
 *   const index = new MemorySessionIndex({ now: () => ms });
 *   return { index, now: { set: (v) => (ms = v) }, cleanup: async () => {} };
 * });
 * ```
 */
export function describeSessionIndexContract(
  name: string,
  makeIndex: () => Promise<SessionIndexUnderTest>,
): void {
  describe(`${name} satisfies the SessionIndex contract`, () => {
    let subject: SessionIndexUnderTest;
    let index: SessionIndex;

    beforeEach(async () => {
      subject = await makeIndex();
      subject.now.set(T0);
      index = subject.index;
    });

    afterEach(async () => {
      await subject.cleanup();
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
      it('moving the session to another user', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.add('sid-1', login({ nameID: 'bob@example.com' }), T0 + HOUR);
        expect(await index.find(query())).toEqual([]);
        expect(await index.find(query({ nameID: 'bob@example.com' }))).toEqual(['sid-1']);
        expect((await index.get('sid-1'))?.nameID).toBe('bob@example.com');
      });

      it('forgetting the old SessionIndexes', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_old'] }), T0 + HOUR);
        await index.add('sid-1', login({ sessionIndexes: ['_new'] }), T0 + HOUR);
        expect(await index.find(query({ sessionIndexes: ['_old'] }))).toEqual([]);
        expect(await index.find(query({ sessionIndexes: ['_new'] }))).toEqual(['sid-1']);
      });

      it('taking the new expiry', async () => {
        await index.add('sid-1', login(), T0 + 1_000);
        await index.add('sid-1', login(), T0 + HOUR);
        subject.now.set(T0 + 2_000);
        expect(await index.find(query())).toEqual(['sid-1']);
      });
    });

    describe('remove', () => {
      it('forgets the session', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.remove('sid-1');
        expect(await index.find(query())).toEqual([]);
        expect(await index.find(query({ sessionIndexes: ['_s1'] }))).toEqual([]);
        expect(await index.get('sid-1')).toBeUndefined();
      });

      it('leaves the user’s other sessions', async () => {
        await index.add('sid-1', login({ sessionIndexes: ['_s1'] }), T0 + HOUR);
        await index.add('sid-2', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        await index.remove('sid-1');
        expect(await index.find(query())).toEqual(['sid-2']);
      });

      it('is a no-op for an unknown session id', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await expect(index.remove('sid-unknown')).resolves.toBeUndefined();
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('allows the session id to be added again', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.remove('sid-1');
        await index.add('sid-1', login(), T0 + HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });
    });

    describe('expiry', () => {
      it('returns an entry until its expiry and not after', async () => {
        await index.add('sid-1', login(), T0 + 10_000);
        subject.now.set(T0 + 9_999);
        expect(await index.find(query())).toEqual(['sid-1']);
        expect(await index.get('sid-1')).toBeDefined();
        subject.now.set(T0 + 10_001);
        expect(await index.find(query())).toEqual([]);
        expect(await index.find(query({ sessionIndexes: ['_s1'] }))).toEqual([]);
        expect(await index.get('sid-1')).toBeUndefined();
      });

      it('keeps an entry without expiry', async () => {
        await index.add('sid-1', login());
        subject.now.set(T0 + 365 * 24 * HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('drops only the expired sessions of a user', async () => {
        await index.add('sid-short', login({ sessionIndexes: ['_s1'] }), T0 + 1_000);
        await index.add('sid-long', login({ sessionIndexes: ['_s2'] }), T0 + HOUR);
        subject.now.set(T0 + 2_000);
        expect(await index.find(query())).toEqual(['sid-long']);
      });

      it('touch moves the expiry later', async () => {
        await index.add('sid-1', login(), T0 + 10_000);
        await index.touch('sid-1', T0 + 20_000);
        subject.now.set(T0 + 15_000);
        expect(await index.find(query())).toEqual(['sid-1']);
        expect(await index.find(query({ sessionIndexes: ['_s1'] }))).toEqual(['sid-1']);
        subject.now.set(T0 + 20_001);
        expect(await index.find(query())).toEqual([]);
      });

      it('touch moves the expiry earlier', async () => {
        await index.add('sid-1', login(), T0 + HOUR);
        await index.touch('sid-1', T0 + 10_000);
        subject.now.set(T0 + 10_001);
        expect(await index.find(query())).toEqual([]);
      });

      it('touch with no expiry keeps the entry indefinitely', async () => {
        await index.add('sid-1', login(), T0 + 10_000);
        await index.touch('sid-1', undefined);
        subject.now.set(T0 + 365 * 24 * HOUR);
        expect(await index.find(query())).toEqual(['sid-1']);
      });

      it('touch of an unknown session id creates nothing', async () => {
        await index.touch('sid-unknown', T0 + HOUR);
        expect(await index.get('sid-unknown')).toBeUndefined();
        expect(await index.find(query())).toEqual([]);
      });

      it('touch does not bring an expired entry back', async () => {
        await index.add('sid-1', login(), T0 + 1_000);
        subject.now.set(T0 + 2_000);
        await index.touch('sid-1', T0 + HOUR);
        expect(await index.find(query())).toEqual([]);
        expect(await index.get('sid-1')).toBeUndefined();
      });
    });

    describe('get', () => {
      it('returns the recorded login', async () => {
        const record = login({
          nameIDFormat: EMAIL,
          nameQualifier: IDP_A,
          spNameQualifier: 'https://sp.test/metadata',
          sessionIndexes: ['_s1', '_s2'],
          authnInstant: '2026-01-01T00:00:00Z',
          sessionNotOnOrAfter: '2026-01-01T08:00:00Z',
        });
        await index.add('sid-1', record, T0 + HOUR);
        expect(await index.get('sid-1')).toEqual(record);
      });

      it('returns undefined for an unknown session id', async () => {
        expect(await index.get('sid-unknown')).toBeUndefined();
      });
    });
  });
}
