import { createHash } from 'node:crypto';
import { SloError, SloErrorCode } from '../../errors';
import type { CommandCancelSignal, RedisClientLike } from './redis-client-like';

// The index's Redis operations as Lua scripts: each is atomic and one round trip, which
// no client-side MULTI can give for read-then-write steps (claim, guard, late login).
// Timestamps travel as decimal strings and are never formatted by Lua, whose number
// printing would turn large integers into exponent notation.

/** Prunes expired entries of the sessions hash KEYS[1] and sets its expiry (ARGV[now] given). */
const PRUNE_AND_EXPIRE = (nowArg: string) => `
local now = tonumber(${nowArg})
local vals = redis.call('HGETALL', KEYS[1])
local maxE, maxS, forever = 0, nil, false
for i = 1, #vals, 2 do
  local es = string.match(vals[i + 1], '^(%d+)|')
  local e = tonumber(es)
  -- An entry without a readable expiry is kept, and keeps the hash: a claim still finds it.
  if e == nil or e == 0 then forever = true
  elseif e <= now then redis.call('HDEL', KEYS[1], vals[i])
  elseif e > maxE then maxE = e; maxS = es end
end
if forever then redis.call('PERSIST', KEYS[1]) elseif maxS then redis.call('PEXPIREAT', KEYS[1], maxS) end
`;

/**
 * Sets `loggedOut`: whether a live logout record in the logouts hash `logouts` ends the
 * login (late-login check, design §5): a NameID-wide logout at or after its AuthnInstant
 * (ARGV[authnArg], ms; 0 = unknown), or one of its SessionIndexes (ARGV[firstSessionIndexArg]…).
 */
const LOGGED_OUT_CHECK = (
  logouts: string,
  nowArg: string,
  authnArg: string,
  firstSessionIndexArg: number,
) => `
local loggedOut = false
do
  local now, authn = tonumber(${nowArg}), tonumber(${authnArg})
  local all = redis.call('HGET', ${logouts}, '*')
  if all then
    local at, untilMs = string.match(all, '^(%d+)|(%d+)$')
    if at and tonumber(untilMs) > now and authn > 0 and authn <= tonumber(at) then loggedOut = true end
  end
  for i = ${firstSessionIndexArg}, #ARGV do
    if loggedOut then break end
    local untilMs = tonumber(redis.call('HGET', ${logouts}, 'si:' .. ARGV[i]))
    if untilMs and untilMs > now then loggedOut = true end
  end
end
`;

/** KEYS: sessions, logouts. ARGV: sid, value, now, authnMs (0 = unknown), sessionIndex… → 1 added, 0 refused. */
export const ADD_SCRIPT = `
${LOGGED_OUT_CHECK('KEYS[2]', 'ARGV[3]', 'ARGV[4]', 5)}
if loggedOut then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
${PRUNE_AND_EXPIRE('ARGV[3]')}
return 1
`;

/**
 * KEYS: sessions, tombstone, logouts. ARGV: sid, value ("expiry|data"), now, authnMs
 * (0 = unknown), tombstoneTtlMs, sessionIndex… → 1 live, 0 logged out.
 * Never shortens the entry's expiry (0 = none): another instance may have written a later one
 * for a save it remembers as covered, and skips its touches until then. An entry it would
 * create (missing: the session id was rotated, or the index lost it) gets `add`'s late-login
 * check: a login a recorded logout ended is tombstoned instead (a logout that found no entry
 * answered Success; the session must not be indexed again, still logged in).
 */
export const TOUCH_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
local value = ARGV[2]
local current = redis.call('HGET', KEYS[1], ARGV[1])
if current then
  local curS = string.match(current, '^(%d+)|')
  local cur, new = tonumber(curS), tonumber(string.match(value, '^(%d+)|'))
  if cur and new and new ~= 0 and (cur == 0 or cur > new) then
    local sep = string.find(value, '|', 1, true)
    value = curS .. string.sub(value, sep)
  end
else
  ${LOGGED_OUT_CHECK('KEYS[3]', 'ARGV[3]', 'ARGV[4]', 6)}
  if loggedOut then
    redis.call('SET', KEYS[2], '1', 'PX', ARGV[5])
    return 0
  end
end
redis.call('HSET', KEYS[1], ARGV[1], value)
${PRUNE_AND_EXPIRE('ARGV[3]')}
return 1
`;

/**
 * KEYS: sessions, logouts, and the LogoutRequest's replay key when it is to be remembered.
 * ARGV: now, tombstoneTtlMs, recordTtlMs, recordUntil, issuedAt, nameQualifier or '',
 * spNameQualifier or '', tombstone key prefix, replay key expiry (ms) or '', '1' to end the
 * sessions here or '', the session store's key prefix, sessionIndex…
 * Returns 0, changing nothing, when the replay key exists (a replayed request); otherwise
 * records the request and the logout, tombstones the matching live sessions, returns their ids.
 * With ARGV[10] = '1' it also ends each one, after its tombstone: deletes the store's key
 * (ARGV[11] .. id, what connect-redis's own destroy deletes) and, only when that key was
 * deleted here, its index entry; then returns {ended ids, ids left to the store}. A key this
 * script finds gone or cannot reach (it is on another shard, behind a proxy) is left to the
 * store: its entry stays until the store's destroy, so it cannot be lost. An entry whose data
 * does not decode is claimed as matching (never an error after the writes).
 * Tombstone keys are not in KEYS: the session ids are only known inside the script. They are
 * built from ARGV[8], under the same hash tag as KEYS, so the script stays in one Cluster slot.
 * The store's keys are outside that slot: ending sessions here is only asked of a client that
 * is not a Cluster (see connectRedisKeyPrefix).
 */
export const CLAIM_SCRIPT = `
if KEYS[3] and not redis.call('SET', KEYS[3], '1', 'NX', 'PXAT', ARGV[9]) then return 0 end
local now = tonumber(ARGV[1])
-- The user's logout records whose time has passed are dropped first: every claim keeps the
-- hash alive, so a user logged out again and again would otherwise grow it without bound.
-- So are records this script cannot read (written by hand, or garbled): no check reads
-- them as a logout, and one left would fail every later claim of the user.
local records = redis.call('HGETALL', KEYS[2])
for i = 1, #records, 2 do
  local untilMs = tonumber(string.match(records[i + 1], '^%d+|(%d+)$') or string.match(records[i + 1], '^(%d+)$'))
  if not untilMs or untilMs <= now then redis.call('HDEL', KEYS[2], records[i]) end
end
local wanted, any = {}, false
local ending = ARGV[10] == '1'
for i = 12, #ARGV do
  wanted[ARGV[i]] = true
  any = true
  redis.call('HSET', KEYS[2], 'si:' .. ARGV[i], ARGV[4])
end
if not any then
  local at = ARGV[5]
  local current = redis.call('HGET', KEYS[2], '*')
  if current then
    local cur = string.match(current, '^(%d+)|')
    if cur and tonumber(cur) > tonumber(at) then at = cur end
  end
  redis.call('HSET', KEYS[2], '*', at .. '|' .. ARGV[4])
end
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
local vals = redis.call('HGETALL', KEYS[1])
local out, left = {}, {}
for i = 1, #vals, 2 do
  local v = vals[i + 1]
  local sep = string.find(v, '|', 1, true)
  -- An entry this script cannot read (no expiry, or data cjson refuses: written by hand, or
  -- by a version that let a lone surrogate through) is claimed as live and matching: an
  -- error here would come after the writes above, and ending it is the safe side.
  local e = sep and tonumber(string.sub(v, 1, sep - 1)) or 0
  if e == 0 or e > now then
    local readable, d = false, nil
    if sep then readable, d = pcall(cjson.decode, string.sub(v, sep + 1)) end
    local ok = true
    if not readable or type(d) ~= 'table' or type(d.s) ~= 'table' then d = nil end
    if d and ARGV[6] ~= '' and d.q and d.q ~= ARGV[6] then ok = false end
    if d and ARGV[7] ~= '' and d.p and d.p ~= ARGV[7] then ok = false end
    if d and ok and any then
      ok = false
      for _, si in ipairs(d.s) do if wanted[si] then ok = true end end
    end
    if ok then
      redis.call('SET', ARGV[8] .. vals[i], '1', 'PX', ARGV[2])
      if not ending then table.insert(out, vals[i])
      elseif redis.pcall('DEL', ARGV[11] .. vals[i]) == 1 then
        redis.call('HDEL', KEYS[1], vals[i])
        table.insert(out, vals[i])
      else table.insert(left, vals[i]) end
    end
  end
end
if not ending then return out end
if #out > 0 then
${PRUNE_AND_EXPIRE('ARGV[1]')}
end
return {out, left}
`;

/** KEYS: sessions → the flat [sid, value, …] list. */
export const FIND_SCRIPT = `return redis.call('HGETALL', KEYS[1])`;

/** KEYS: sessions. ARGV: sid, (unused), now. Re-derives the hash's expiry from what is left. */
export const REMOVE_SCRIPT = `
redis.call('HDEL', KEYS[1], ARGV[1])
${PRUNE_AND_EXPIRE('ARGV[3]')}
return 1
`;

/** KEYS: a session's tombstone. ARGV: its lifetime (ms) → 1. */
export const TOMBSTONE_SCRIPT = `redis.call('SET', KEYS[1], '1', 'PX', ARGV[1]) return 1`;

/** KEYS: replay key. ARGV: expiresAt (ms) → 1 first time, 0 replay. */
export const REPLAY_SCRIPT = `if redis.call('SET', KEYS[1], '1', 'NX', 'PXAT', ARGV[1]) then return 1 else return 0 end`;

/**
 * Runs a script by SHA1 (loading it with EVAL on NOSCRIPT), bounded by `timeoutMs`: a
 * Redis that is down or slow yields `SLO_SESSION_INDEX_UNAVAILABLE`, never a hang.
 *
 * @example
 * ```ts
 * const reply = await runScript(client, FIND_SCRIPT, [key], [], 2000);
 * ```
 */
export async function runScript(
  client: RedisClientLike,
  script: string,
  keys: string[],
  args: string[],
  timeoutMs: number,
): Promise<unknown> {
  const options = { keys, arguments: args };
  // A call that times out before it was sent (Redis down: the client's offline queue) is
  // cancelled, so it never runs later: "nothing was done" stays true of a failed logout.
  const cancel = new CancelBeforeSend();
  const target = client.withAbortSignal ? client.withAbortSignal(cancel) : client;
  const call = async () => {
    try {
      return await target.evalSha(sha1Of(script), options);
    } catch (err) {
      if (!String((err as Error)?.message ?? err).includes('NOSCRIPT')) throw err;
      return target.eval(script, options);
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cancel.cancel();
      reject(
        new SloError(
          SloErrorCode.SessionIndexUnavailable,
          `Redis did not answer within ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(), timeout]);
  } catch (err) {
    if (err instanceof SloError) throw err;
    throw new SloError(SloErrorCode.SessionIndexUnavailable, 'Redis command failed', {
      cause: err,
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The cancel signal of one call. Written by hand rather than taken from an AbortController:
 * node-redis adds and removes one listener per command, and through `AbortSignal`'s
 * EventTarget that cost about 35 µs of event-loop time per Redis call on the benchmark
 * machine (a few percent of a back-channel logout), for a signal that is almost never used.
 * node-redis's use of it is {@link CommandCancelSignal}; the Redis outage tests hold it to
 * that (a call that timed out while Redis was down has done nothing once Redis is back).
 */
class CancelBeforeSend implements CommandCancelSignal {
  aborted = false;
  private listeners: Array<() => void> = [];

  addEventListener(_type: 'abort', listener: () => void): void {
    this.listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }

  cancel(): void {
    if (this.aborted) return;
    this.aborted = true;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}

const shas = new Map<string, string>();
function sha1Of(script: string): string {
  let sha = shas.get(script);
  if (!sha) shas.set(script, (sha = createHash('sha1').update(script).digest('hex')));
  return sha;
}
