/**
 * Shared pieces of the benchmark harness: names, keys, the typical logged-in session, the
 * IdP's signed SOAP LogoutRequests, and filling Redis with sessions and index entries.
 */
import { createHmac } from 'node:crypto';
import { createTestIdp, type TestIdp } from '../lib/testing';
import { RedisSessionIndex } from '../lib/redis';
import type { LoginRecord } from '../lib/session-index/login-record';
import { keys } from '../test/support/keys';
import {
  EMAIL_FORMAT,
  IDP_ENTITY_ID,
  LOGOUT_URL,
  SESSION_PREFIX,
  SESSION_TTL_MS,
  SLO_PREFIX,
  SP_ENTITY_ID,
  COOKIE_SECRET,
  COOKIE_NAME,
  createStore,
  type Redis,
} from './light';

export * from './light';
export { keys };

/** The benchmark SP's index, scoped to its entityID as createSlo scopes it (same keys). */
export function createIndex(client: Redis): RedisSessionIndex {
  const index = new RedisSessionIndex({ client, prefix: SLO_PREFIX });
  index.forServiceProvider(SP_ENTITY_ID);
  return index;
}

export function createIdp(): Promise<TestIdp> {
  return createTestIdp({ entityID: IDP_ENTITY_ID, ...keys.idp });
}

/** The login of user `tag`-`i`: one NameID, one SessionIndex. */
export function loginOf(tag: string, i: number): LoginRecord {
  return {
    issuer: IDP_ENTITY_ID,
    nameID: `user-${tag}-${i}@example.com`,
    nameIDFormat: EMAIL_FORMAT,
    sessionIndexes: [`_s-${tag}-${i}`],
    authnInstant: new Date(Date.now() - 60_000).toISOString(),
  };
}

export function sessionIdOf(tag: string, i: number): string {
  return `sid-${tag}-${i}-abcdefghijklmnopqrstuvwxyz012345`.slice(0, 32);
}

/** A typical logged-in express-session session (cookie, passport user, samlSlo record). */
export function sessionDataOf(login: LoginRecord): Record<string, unknown> {
  return {
    cookie: {
      originalMaxAge: SESSION_TTL_MS,
      expires: new Date(Date.now() + SESSION_TTL_MS).toISOString(),
      secure: false,
      httpOnly: true,
      path: '/',
      sameSite: 'lax',
    },
    passport: {
      user: {
        issuer: login.issuer,
        nameID: login.nameID,
        nameIDFormat: login.nameIDFormat,
        sessionIndex: login.sessionIndexes[0],
      },
    },
    samlSlo: login,
  };
}

/** The cookie express-session expects for `sid` (signed with COOKIE_SECRET). */
export function cookieOf(sid: string): string {
  const mac = createHmac('sha256', COOKIE_SECRET).update(sid).digest('base64').replace(/=+$/, '');
  return `${COOKIE_NAME}=${encodeURIComponent(`s:${sid}.${mac}`)}`;
}

/**
 * Creates `count` logged-in sessions of users `tag`-0 … `tag`-(count-1) the way a login
 * does: the session in connect-redis and its entry in the saml-slo index.
 */
export async function createSessions(client: Redis, tag: string, count: number): Promise<void> {
  const store = createStore(client);
  const index = createIndex(client);
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const work: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const login = loginOf(tag, i);
      const sid = sessionIdOf(tag, i);
      work.push(index.add(sid, login, Date.now() + SESSION_TTL_MS));
      work.push(
        new Promise<void>((resolve, reject) =>
          store.set(sid, sessionDataOf(login) as never, (err) => (err ? reject(err) : resolve())),
        ),
      );
    }
    await Promise.all(work);
  }
}

/**
 * Adds `count` background sessions (other users) server side, in chunks of one Lua script
 * each: a session key with a typical session's JSON under the connect-redis prefix, and an
 * index hash of the same shape saml-slo writes (key names are not the real NameID hashes:
 * nobody logs these users out, they only make the keyspace and the store scan big).
 */
export async function fillBackground(client: Redis, from: number, to: number): Promise<void> {
  const sample = JSON.stringify(sessionDataOf(loginOf('bg', 0)));
  const script = `
local from, to = tonumber(ARGV[1]), tonumber(ARGV[2])
for i = from, to - 1 do
  local body = string.gsub(ARGV[3], 'bg%-0', 'bg-' .. i)
  redis.call('SET', ARGV[4] .. 'bg-' .. i, body, 'PX', ARGV[6])
  redis.call('HSET', ARGV[5] .. '{bg' .. i .. '}:s', 'bg-' .. i, ARGV[7] .. '|{"s":["_s-bg-' .. i .. '"]}')
  redis.call('PEXPIRE', ARGV[5] .. '{bg' .. i .. '}:s', ARGV[6])
end
return to - from`;
  const chunk = 20_000;
  for (let start = from; start < to; start += chunk) {
    await client.eval(script, {
      keys: [],
      arguments: [
        String(start),
        String(Math.min(to, start + chunk)),
        sample,
        SESSION_PREFIX,
        SLO_PREFIX,
        String(SESSION_TTL_MS),
        String(Date.now() + SESSION_TTL_MS),
      ],
    });
  }
}

/** `count` distinct signed SOAP LogoutRequests, each naming user `tag`-i and its SessionIndex. */
export function buildEnvelopes(idp: TestIdp, tag: string, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const login = loginOf(tag, i);
    out.push(
      idp.buildSoapLogoutRequest({
        destination: LOGOUT_URL,
        nameID: login.nameID,
        nameIDFormat: EMAIL_FORMAT,
        sessionIndexes: [...login.sessionIndexes],
      }).envelope,
    );
  }
  return out;
}
