/**
 * `npm run bench` (full) / `npm run bench -- --quick` (CI smoke): the saml-slo benchmark
 * harness. Starts one redis-server, forks each server under test and the autocannon load
 * generator as separate processes, prints one table and a verdict per target. A watchdog
 * kills everything and exits non-zero if a run hangs; every child is stopped on the way out.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisServer, type RedisServer } from '../test/support/redis-server';
import {
  SESSION_PREFIX,
  buildEnvelopes,
  connectRedis,
  cookieOf,
  createIdp,
  createIndex,
  createSessions,
  fillBackground,
  loginOf,
  sessionIdOf,
  type Redis,
} from './common';
import type { LoadJob, LoadResult } from './load';
import type { TestIdp } from '../lib/testing';

const QUICK = process.argv.includes('--quick');
const WATCHDOG_MS = QUICK ? 55_000 : 25 * 60_000;
const BACKGROUND = 1_000;

const children = new Set<ChildProcess>();
let redisServer: RedisServer | undefined;
const tmp = mkdtempSync(join(tmpdir(), 'saml-slo-bench-'));

function killEverything(): void {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
  rmSync(tmp, { recursive: true, force: true });
}

const watchdog = setTimeout(() => {
  console.error(`\nbench: watchdog fired after ${WATCHDOG_MS / 1000}s; killing every child`);
  killEverything();
  void redisServer?.stop();
  process.exit(2);
}, WATCHDOG_MS);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killEverything();
    process.exit(130);
  });
}
process.on('exit', killEverything);

const log = (msg: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ---------------------------------------------------------------- child processes

function forkChild(file: string, args: string[] = [], execArgv: string[] = []): ChildProcess {
  const child = fork(join(__dirname, file), args, {
    execArgv: [...process.execArgv, ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (msg: { type: string; error?: string } & Record<string, unknown>) => {
      if (msg.type === 'error') finish(() => reject(new Error(msg.error)));
      else if (msg.type === type) finish(() => resolve(msg as T));
    };
    const onExit = (code: number | null) =>
      finish(() => reject(new Error(`child exited (${code}) before sending ${type}`)));
    const finish = (then: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      then();
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

interface ServerHandle {
  readonly url: string;
  /** The server process (several handles share it in quick mode). */
  readonly pid: number;
  peakRss(): Promise<number>;
  stop(): Promise<void>;
}

/** Forks one server process hosting `kinds`; the handles share its RSS and its stop. */
async function startServers(
  kinds: string[],
  redisUrl: string,
): Promise<Record<string, ServerHandle>> {
  const child = forkChild('server.ts', [kinds.join(','), redisUrl]);
  const { ports } = await nextMessage<{ ports: Record<string, number> }>(child, 'ready');
  const handles: Record<string, ServerHandle> = {};
  for (const [kind, port] of Object.entries(ports)) {
    handles[kind] = { ...processHandle(child), url: `http://127.0.0.1:${port}` };
  }
  return handles;
}

function processHandle(child: ChildProcess): Omit<ServerHandle, 'url'> {
  return {
    pid: child.pid!,
    peakRss: async () => {
      const reply = nextMessage<{ peakRss: number }>(child, 'rss');
      child.send({ type: 'rss' });
      return (await reply).peakRss;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.send({ type: 'stop' });
      }),
  };
}

let worker: Promise<ChildProcess> | undefined;
/** The one load-generator process, started on first use and kept for every run. */
function loadWorker(): Promise<ChildProcess> {
  worker ??= (async () => {
    const child = forkChild('load.ts');
    await nextMessage(child, 'ready');
    return child;
  })();
  return worker;
}

let fileCounter = 0;
async function load(
  url: string,
  mode: LoadJob['mode'],
  items: string[],
  connections: number,
  amount = items.length,
): Promise<LoadResult> {
  const file = join(tmp, `items-${fileCounter++}.json`);
  writeFileSync(file, JSON.stringify(items));
  const child = await loadWorker();
  const result = nextMessage<{ result: LoadResult }>(child, 'result');
  const job: LoadJob = {
    url: mode === 'soap' ? `${url}/saml/logout` : `${url}/me`,
    connections,
    amount,
    file,
    mode,
  };
  child.send(job);
  try {
    return (await result).result;
  } finally {
    rmSync(file, { force: true });
  }
}

async function timeScan(redisUrl: string, repeat: number): Promise<number[]> {
  const child = forkChild('scan.ts', [], ['--max-old-space-size=8192']);
  const result = nextMessage<{ result: number[] }>(child, 'result');
  child.send({ redisUrl, repeat });
  return (await result).result;
}

// ---------------------------------------------------------------- Redis helpers

async function remainingSessions(client: Redis, tag: string, count: number): Promise<number> {
  let left = 0;
  for (let start = 0; start < count; start += 1000) {
    const keys: string[] = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      keys.push(SESSION_PREFIX + sessionIdOf(tag, i));
    }
    left += await client.exists(keys);
  }
  return left;
}

async function remainingIndexEntries(client: Redis, tag: string, count: number): Promise<number> {
  const index = createIndex(client);
  let left = 0;
  for (let start = 0; start < count; start += 1000) {
    const work: Promise<number>[] = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      work.push(client.hExists(index.sessionsKeyOf(loginOf(tag, i)), sessionIdOf(tag, i)));
    }
    left += (await Promise.all(work)).filter(Boolean).length;
  }
  return left;
}

async function commandStats(client: Redis): Promise<Record<string, number>> {
  const info = await client.info('commandstats');
  const out: Record<string, number> = {};
  for (const line of info.split(/\r?\n/)) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (!m || /^(info|config|client|hello|ping|select)/.test(m[1]!)) continue;
    out[m[1]!] = Number(m[2]);
  }
  return out;
}

async function reset(client: Redis, background = BACKGROUND): Promise<void> {
  await client.flushAll();
  await fillBackground(client, 0, background);
}

// ---------------------------------------------------------------- scenarios

type Kind = 'slo' | 'alt' | 'floor';
interface SoapRow {
  kind: Kind;
  /** Set for the CPU-scaling runs (e.g. "saml-slo, 1 CPU"). */
  label?: string;
  connections: number;
  result: LoadResult;
  left: number;
  storeSize: number;
}

const SERVER_LABEL: Record<Kind, string> = {
  slo: 'saml-slo',
  alt: 'node-saml route',
  floor: 'floor',
};
const LEVELS = QUICK ? [10] : [1, 10];
const KINDS: readonly Kind[] = ['slo', 'floor', 'alt'];
/** Alternating rounds, best kept: part 1 (saml-slo and floor; 1 CPU and 2) and part 3 (reads). */
const ROUNDS = QUICK ? 1 : 3;
/**
 * Lookup scaling: rounds of logouts per size (the last one after the store scan), lowest p50
 * kept. Five, not three: right after a fill, successive rounds on this VM got faster at every
 * size (p50 4.9, 4.6, 4.2, 3.7 ms at 1e3; Redis's own time per claim fell alike), and three
 * rounds after the 1e6 fill and its 11 s scan once all fell in that slow stretch.
 */
const LOOKUP_ROUNDS = QUICK ? 1 : 5;
const AMOUNT: Record<Kind, Record<number, number>> = QUICK
  ? { slo: { 10: 60 }, floor: { 10: 60 }, alt: { 10: 20 } }
  : { slo: { 1: 600, 10: 1500 }, floor: { 1: 600, 10: 1500 }, alt: { 1: 100, 10: 200 } };
const WARMUP: Record<Kind, number> = QUICK
  ? { slo: 10, floor: 10, alt: 5 }
  : { slo: 1000, floor: 1000, alt: 50 }; // enough for the JIT to settle: fewer left the first run cold

/**
 * Part 1. The node-saml route first, on a store reset to the background sessions (it scans
 * the whole keyspace, so it gets the smallest one). Then saml-slo and the floor, on a store
 * reset again: both warmed up, then each concurrency level in rounds that alternate the two,
 * keeping each one's best round. Noise on a shared machine only ever slows a run down, so
 * the best of alternating rounds compares the two on equal terms.
 */
async function soapLogouts(
  client: Redis,
  idp: TestIdp,
  servers: Record<Kind, ServerHandle>,
): Promise<SoapRow[]> {
  const best = new Map<string, SoapRow>();
  for (const [kinds, rounds] of [
    [['alt'], 1],
    [['slo', 'floor'], ROUNDS],
  ] as const) {
    await reset(client);
    for (const kind of kinds) {
      await createSessions(client, `${kind}-w`, WARMUP[kind]);
      const envelopes = buildEnvelopes(idp, `${kind}-w`, WARMUP[kind]);
      const warm = await load(servers[kind].url, 'soap', envelopes, 2);
      if (warm.count !== WARMUP[kind])
        throw new Error(`${kind} warm-up failed: ${JSON.stringify(warm)}`);
    }
    for (const connections of LEVELS) {
      for (let round = 0; round < rounds; round++) {
        for (const kind of kinds) {
          const tag = `${kind}-c${connections}-r${round}`;
          const n = AMOUNT[kind][connections]!;
          await createSessions(client, tag, n);
          const storeSize = await client.dbSize();
          const envelopes = buildEnvelopes(idp, tag, n);
          log(`${kind}: ${n} SOAP logouts at ${connections} concurrent, round ${round + 1}`);
          const result = await load(servers[kind].url, 'soap', envelopes, connections);
          const left = await remainingSessions(client, tag, n);
          const row = { kind, connections, result, left, storeSize };
          keepBest(best, `${kind}/${connections}`, row);
        }
      }
    }
  }
  return [...best.values()].sort(
    (a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.connections - b.connections,
  );
}

/** Every request answered Success and every targeted session gone. */
function clean(row: SoapRow): boolean {
  const r = row.result;
  return row.left === 0 && r.non2xx + r.errors + r.timeouts + r.notSuccess === 0;
}

/**
 * Keeps the best round under `key`: the fastest clean one — but a round that failed a
 * request or left a session behind is never hidden by a better one.
 */
function keepBest(best: Map<string, SoapRow>, key: string, row: SoapRow): void {
  const kept = best.get(key);
  const replaces = !kept
    ? true
    : clean(kept)
      ? !clean(row) || row.result.rps > kept.result.rps
      : false;
  if (replaces) best.set(key, row);
}

/** CPU time (user + system, µs) of a process, or of one of its threads, from /proc. */
function cpuMicros(pid: number, tid?: number): number {
  const path = tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`;
  // Fields after the command name: state is [0], utime [11], stime [12], in clock ticks.
  const fields = readFileSync(path, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

/** Where a server's CPU goes per logout: on its event-loop thread, and in all. */
interface CpuSplit {
  /** CPU µs per logout of the whole process (event loop, libuv pool, GC threads). */
  processUs: number;
  /** CPU µs per logout of the main thread alone (the event loop). */
  eventLoopUs: number;
  /** CPU µs per logout of every benchmark process together, with every CPU. */
  machineAllUs: number;
  /** The same, with every process on one CPU. */
  machineOneUs: number;
}

/** The process id of the Redis server `client` talks to (INFO server). */
async function redisPid(client: Redis): Promise<number> {
  const pid = Number(/^process_id:(\d+)/m.exec(await client.info('server'))?.[1]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('INFO server gave no process_id');
  return pid;
}

/** Pins every thread of each process to `cpuList` (taskset). */
function pin(pids: number[], cpuList: string): void {
  for (const pid of pids) execSync(`taskset -a -cp ${cpuList} ${pid}`, { stdio: 'ignore' });
}

/** Gives each process back every CPU, each on its own: one that died does not stop the rest. */
function unpin(pids: number[], every: string): void {
  for (const pid of pids) {
    try {
      pin([pid], every);
    } catch (err) {
      log(`could not unpin process ${pid}: ${String(err)}`);
    }
  }
}

/** The CPU configurations of the scaling rounds, in the order they alternate. */
const CPU_SETUPS = [
  // The machine with every CPU: nothing pinned.
  { key: 'all', label: (n: number) => `saml-slo, ${n} CPUs` },
  // The same machine with one CPU: every process of the benchmark on CPU 0 (the verdict's base).
  { key: 'one', label: () => 'saml-slo, 1 CPU' },
  // Reference only: the server alone on CPU 0, every other process pinned to the other CPUs.
  { key: 'server-only', label: () => 'saml-slo, server alone on 1 CPU' },
] as const;

/**
 * What one CPU serves and what two serve: saml-slo at 64 concurrent (enough to keep it busy,
 * as in the burst), in rounds alternating (a) the machine with every CPU, (b) the machine cut
 * to one CPU — server (event loop and libuv pool), load generator, Redis, the idle servers
 * of the other parts and this harness all pinned to CPU 0 with taskset — and (c), for
 * reference, the server alone pinned to CPU 0 while every other process keeps the other
 * CPUs. Each one's best round is kept. (a) ÷ (b) compares like with like: the load
 * generator's and Redis's CPU per logout is in both. (a) ÷ (c) is
 * biased low on a small machine: (c) gives the server a CPU of its own, while in (a) the
 * server shares every CPU with the other two. Empty on a one-CPU machine. The (a) rounds
 * also measure where the server's CPU goes (event-loop thread vs the rest), which bounds
 * what a second core can add.
 */
async function coreScaling(
  client: Redis,
  idp: TestIdp,
  server: ServerHandle,
): Promise<{ rows: SoapRow[]; split?: CpuSplit }> {
  const cpuCount = cpus().length;
  if (cpuCount < 2) return { rows: [] };
  const n = QUICK ? 100 : 3000;
  const every = `0-${cpuCount - 1}`;
  await loadWorker(); // forked now, so it is among the children pinned below
  const redis = await redisPid(client);
  // Every process of the benchmark: the servers of the other parts (idle) and this harness
  // (idle during a round) go where the load generator and Redis go, so "one CPU" is the
  // whole machine cut to one, and nothing of ours runs beside the rounds unaccounted.
  const others = [...new Set([...[...children].map((c) => c.pid!), redis, process.pid])].filter(
    (pid) => pid !== server.pid,
  );
  const best = new Map<string, SoapRow>();
  const used = { processUs: 0, eventLoopUs: 0, logouts: 0 };
  // CPU time of every benchmark process, per setup: what one logout costs the whole machine.
  const machine = { all: { us: 0, logouts: 0 }, one: { us: 0, logouts: 0 } };
  const everyProcess = [server.pid, ...others];
  const machineMicros = () => everyProcess.reduce((sum, pid) => sum + cpuMicros(pid), 0);
  for (let round = 0; round < ROUNDS; round++) {
    for (const setup of CPU_SETUPS) {
      const tag = `slo-cpus-${setup.key}-r${round}`;
      await createSessions(client, tag, n);
      const storeSize = await client.dbSize();
      const envelopes = buildEnvelopes(idp, tag, n);
      try {
        if (setup.key === 'one') pin([server.pid, ...others], '0');
        if (setup.key === 'server-only') {
          pin([server.pid], '0');
          pin(others, `1-${cpuCount - 1}`);
        }
        log(
          `slo: ${n} SOAP logouts at 64 concurrent, ${setup.label(cpuCount)}, round ${round + 1}`,
        );
        const before = [cpuMicros(server.pid), cpuMicros(server.pid, server.pid), machineMicros()];
        const result = await load(server.url, 'soap', envelopes, 64);
        const after = [cpuMicros(server.pid), cpuMicros(server.pid, server.pid), machineMicros()];
        if (setup.key === 'all' || setup.key === 'one') {
          machine[setup.key].us += after[2]! - before[2]!;
          machine[setup.key].logouts += result.count;
        }
        if (setup.key === 'all') {
          used.processUs += after[0]! - before[0]!;
          used.eventLoopUs += after[1]! - before[1]!;
          used.logouts += result.count;
        }
        const left = await remainingSessions(client, tag, n);
        const label = setup.label(cpuCount);
        keepBest(best, label, { kind: 'slo', label, connections: 64, result, left, storeSize });
      } finally {
        unpin([server.pid, ...others], every);
      }
    }
  }
  const split =
    used.logouts > 0 && machine.one.logouts > 0
      ? {
          processUs: used.processUs / used.logouts,
          eventLoopUs: used.eventLoopUs / used.logouts,
          machineAllUs: machine.all.us / machine.all.logouts,
          machineOneUs: machine.one.us / machine.one.logouts,
        }
      : undefined;
  return { rows: [...best.values()], ...(split ? { split } : {}) };
}

/** Set when connect-redis all() itself fails (it MGETs every key in one call). */
let scanFailure: string | undefined;

interface ScaleRow {
  size: number;
  p50: number;
  p99: number;
  ok: boolean;
  scanMs: number;
  redisMb: number;
}

async function lookupScaling(
  client: Redis,
  idp: TestIdp,
  redisUrl: string,
  server: ServerHandle,
): Promise<ScaleRow[]> {
  const sizes = QUICK ? [1e3] : [1e3, 1e4, 1e5, 1e6];
  const perSize = QUICK ? 30 : 100; // per round
  await client.flushAll();
  const rows: ScaleRow[] = [];
  {
    await createSessions(client, 'scale-w', WARMUP.slo);
    await load(server.url, 'soap', buildEnvelopes(idp, 'scale-w', WARMUP.slo), 2);
    let filled = 0;
    for (const size of sizes) {
      log(`lookup scaling: filling Redis to ${size} sessions`);
      await fillBackground(client, filled, size);
      filled = size;
      // Rounds of logouts, one of them after the (long) store scan, so a burst of noise on
      // this shared machine is unlikely to cover them all; the round with the lowest p50 is kept.
      const rounds: Array<{ result: LoadResult; left: number }> = [];
      const round = async (r: number) => {
        const tag = `scale-${size}-r${r}`;
        await createSessions(client, tag, perSize);
        const result = await load(server.url, 'soap', buildEnvelopes(idp, tag, perSize), 1);
        rounds.push({ result, left: await remainingSessions(client, tag, perSize) });
      };
      for (let r = 0; r < LOOKUP_ROUNDS - 1; r++) await round(r);
      log(`lookup scaling: timing connect-redis all() over ${size} sessions`);
      const scanStarted = performance.now();
      const scans = await timeScan(redisUrl, size <= 1e4 ? 3 : 1).catch((err: unknown) => {
        scanFailure = `all() over ${size} sessions failed after ${f(performance.now() - scanStarted, 0)} ms: ${String(err)}`;
        return [NaN];
      });
      scans.sort((a, b) => a - b);
      await round(LOOKUP_ROUNDS - 1);
      const kept = rounds.reduce((a, b) => (b.result.p50 < a.result.p50 ? b : a));
      const info = await client.info('memory');
      const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? NaN);
      rows.push({
        size,
        p50: kept.result.p50,
        p99: kept.result.p99,
        ok: rounds.every(
          (x) => x.result.count === perSize && x.result.notSuccess === 0 && x.left === 0,
        ),
        scanMs: scans[Math.floor(scans.length / 2)]!,
        redisMb: used / 1048576,
      });
    }
  }
  await client.flushAll();
  return rows;
}

interface ReadRow {
  kind: 'read-plain' | 'read-slo';
  rps: number;
  p50: number;
  p99: number;
  perRequest: Record<string, number>;
  coldPerRequest: Record<string, number>;
  failed: number;
}

function perRequest(stats: Record<string, number>, requests: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(stats)) out[k] = v / requests;
  return out;
}

async function reads(
  client: Redis,
  servers: Record<string, ServerHandle>,
): Promise<Record<string, ReadRow>> {
  await reset(client);
  const users = 200;
  await createSessions(client, 'read', users);
  const cookies = Array.from({ length: users }, (_, i) => cookieOf(sessionIdOf('read', i)));
  const amount = QUICK ? 1_000 : 10_000;
  const best: Record<string, ReadRow> = {};
  // Only the first pass of round 1 reads sessions the process has not seen; later rounds'
  // first passes are warm. Failures of every round are counted.
  const firstRead: Record<string, Record<string, number>> = {};
  const failed: Record<string, number> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of ['read-plain', 'read-slo'] as const) {
      const server = servers[kind]!;
      log(`reads: ${kind}, round ${round + 1}`);
      await client.configResetStat();
      const cold = await load(server.url, 'get', cookies, 10);
      if (round === 0) firstRead[kind] = perRequest(await commandStats(client), users);
      await client.configResetStat();
      const result = await load(server.url, 'get', cookies, 10, amount);
      const stats = await commandStats(client);
      failed[kind] =
        (failed[kind] ?? 0) + result.non2xx + result.errors + cold.non2xx + cold.errors;
      const row: ReadRow = {
        kind,
        rps: result.rps,
        p50: result.p50,
        p99: result.p99,
        perRequest: perRequest(stats, amount),
        coldPerRequest: firstRead[kind]!,
        failed: failed[kind]!,
      };
      if (!best[kind] || row.rps > best[kind].rps) best[kind] = row;
      best[kind]!.failed = failed[kind]!;
    }
  }
  return best;
}

interface BurstRow {
  n: number;
  result: LoadResult;
  sessionsLeft: number;
  indexLeft: number;
  peakRssMb: number;
  baseRssMb: number;
}

async function burst(client: Redis, idp: TestIdp, server: ServerHandle): Promise<BurstRow> {
  const n = QUICK ? 300 : 10_000;
  await reset(client);
  await createSessions(client, 'burst', n);
  log(`burst: signing ${n} LogoutRequests`);
  const envelopes = buildEnvelopes(idp, 'burst', n);
  {
    const baseRss = await server.peakRss();
    log(`burst: ${n} SOAP logouts at 64 concurrent`);
    const result = await load(server.url, 'soap', envelopes, 64);
    const peak = await server.peakRss();
    return {
      n,
      result,
      sessionsLeft: await remainingSessions(client, 'burst', n),
      indexLeft: await remainingIndexEntries(client, 'burst', n),
      peakRssMb: peak / 1048576,
      baseRssMb: baseRss / 1048576,
    };
  }
}

async function memory(client: Redis): Promise<{ session: number; entry: number }> {
  await client.flushAll();
  await createSessions(client, 'mem', 1);
  const session = await client.memoryUsage(SESSION_PREFIX + sessionIdOf('mem', 0));
  const entry = await client.memoryUsage(createIndex(client).sessionsKeyOf(loginOf('mem', 0)));
  return { session: session ?? NaN, entry: entry ?? NaN };
}

// ---------------------------------------------------------------- report

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const pad = (s: string, w: number) => (s.length >= w ? s : s + ' '.repeat(w - s.length));
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => '| ' + r.map((c, i) => pad(c, widths[i]!)).join(' | ') + ' |';
  return [
    line(head),
    '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|',
    ...rows.map(line),
  ].join('\n');
}

function atLeast(value: number, target: number, what: string): string {
  if (value >= target) return `met (${what} ${f(value, 2)} ≥ ${target})`;
  return `missed by ${f(((target - value) / target) * 100, 0)}% (${what} ${f(value, 2)} < ${target})`;
}
function atMost(value: number, target: number, what: string): string {
  if (value <= target) return `met (${what} ${f(value, 2)} ≤ ${target})`;
  return `missed by ${f(((value - target) / target) * 100, 0)}% (${what} ${f(value, 2)} > ${target})`;
}

function machine(redisVersion: string): string {
  const sh = (cmd: string) => {
    try {
      return execSync(cmd, { encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  };
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '?';
  return (
    `machine: nproc ${sh('nproc')} (${cpus().length} cpus), ${model}, Node ${process.version}, ` +
    `Redis ${redisVersion}, ${new Date().toISOString()}, load average ${loadavg()
      .map((l) => f(l, 2))
      .join(' ')}`
  );
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  redisServer = await startRedisServer();
  const client = await connectRedis(redisServer.url);
  const redisVersion = /redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? '?';
  const idp = await createIdp();
  log(`mode ${QUICK ? 'quick' : 'full'}; redis ${redisServer.url}`);

  // Every server process starts now, in parallel (ts-node start-up is seconds each), and
  // idles until its turn. The saml-slo server of part 1 also serves part 2; the burst gets
  // a fresh process in full mode (its own peak RSS), the part-1 one in quick mode.
  // Quick mode hosts every kind in one process (one start-up instead of six).
  const kinds = ['slo', 'alt', 'floor', 'read-plain', 'read-slo'];
  const url = redisServer.url;
  const groups = QUICK
    ? [startServers(kinds, url)]
    : [...kinds.map((k) => startServers([k], url)), startServers(['slo'], url)];
  const started = await Promise.all(groups);
  const servers: Record<string, ServerHandle> = Object.assign({}, ...started.slice(0, 5));
  servers['slo-burst'] = QUICK ? servers.slo! : started[5]!.slo!;
  await loadWorker();
  log('servers and load generator up');

  const soap = await soapLogouts(client, idp, {
    slo: servers.slo!,
    floor: servers.floor!,
    alt: servers.alt!,
  });
  const { rows: cores, split } = await coreScaling(client, idp, servers.slo!);
  const [allCpus, oneCpu, serverAlone] = [cores[0], cores[1], cores[2]];
  const scaling = await lookupScaling(client, idp, redisServer.url, servers.slo!);
  const readRows = await reads(client, servers);
  const burstRow = await burst(client, idp, servers['slo-burst']!);
  const mem = await memory(client);
  await Promise.all(started.map((group) => Object.values(group)[0]!.stop()));
  await client.quit();
  await redisServer.stop();

  const out: string[] = [];
  out.push(
    `saml-slo benchmark (${QUICK ? 'QUICK smoke mode: counts too small for figures' : 'full mode'})`,
  );
  out.push(machine(redisVersion));
  out.push('');
  out.push(
    `1. Back-channel SOAP logout over HTTP (autocannon in a separate process; every request a distinct signed LogoutRequest ending one real session; store holds ${BACKGROUND} other sessions + the targets)`,
  );
  const get = (kind: Kind, c: number) => soap.find((r) => r.kind === kind && r.connections === c);
  const soapRows = [...soap, ...cores].map((r) => {
    const slo = (cores.includes(r) ? allCpus! : get('slo', r.connections)!).result;
    const bad = r.result.non2xx + r.result.errors + r.result.timeouts + r.result.notSuccess;
    return [
      r.label ?? SERVER_LABEL[r.kind],
      String(r.connections),
      String(r.result.count),
      f(r.result.rps),
      f(r.result.p50, 2),
      f(r.result.p99, 2),
      f(r.result.p99 / r.result.p50, 2),
      r.kind === 'slo' && r !== oneCpu && r !== serverAlone ? '1' : f(slo.rps / r.result.rps, 2),
      `${bad}/${r.left}`,
      String(r.storeSize),
    ];
  });
  out.push(
    table(
      [
        'server',
        'conc',
        'ok',
        'req/s',
        'p50 ms',
        'p99 ms',
        'p99/p50',
        'saml-slo ÷ this (req/s)',
        'failed/left',
        'keys at start',
      ],
      soapRows,
    ),
  );
  out.push('');
  out.push(
    '2. Lookup scaling: saml-slo logout latency (1 concurrent) vs one connect-redis all() scan, by sessions in Redis',
  );
  out.push(
    table(
      [
        'sessions',
        'saml-slo p50 ms',
        'saml-slo p99 ms',
        'all ended',
        'store scan ms',
        'redis used MB',
      ],
      scaling.map((r) => [
        String(r.size),
        f(r.p50, 2),
        f(r.p99, 2),
        r.ok ? 'yes' : 'NO',
        f(r.scanMs, 0),
        f(r.redisMb, 0),
      ]),
    ),
  );
  if (scanFailure) out.push(`store scan: ${scanFailure}`);
  out.push('');
  out.push(
    '3. Authenticated GET through express-session (10 concurrent): slo.store over connect-redis vs plain connect-redis',
  );
  const fmtCmds = (m: Record<string, number>) =>
    Object.entries(m)
      .sort()
      .map(([k, v]) => `${k} ${f(v, 2)}`)
      .join(', ') || 'none';
  const totalCmds = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  const plain = readRows['read-plain']!;
  const sloRead = readRows['read-slo']!;
  out.push(
    table(
      [
        'store',
        'req/s',
        'p50 ms',
        'p99 ms',
        'Redis cmds/request (steady)',
        'cmds/request (first read of each session)',
        'failed',
      ],
      [plain, sloRead].map((r) => [
        r.kind === 'read-plain' ? 'connect-redis' : 'slo.store(connect-redis)',
        f(r.rps),
        f(r.p50, 2),
        f(r.p99, 2),
        fmtCmds(r.perRequest),
        fmtCmds(r.coldPerRequest),
        String(r.failed),
      ]),
    ),
  );
  out.push('');
  const b = burstRow;
  const bBad = b.result.non2xx + b.result.errors + b.result.timeouts + b.result.notSuccess;
  out.push(`4. Burst: ${b.n} SOAP logouts at 64 concurrent against saml-slo`);
  out.push(
    table(
      [
        'ok',
        'errors (non-2xx, socket, timeout, not Success)',
        'req/s',
        'p50 ms',
        'p99 ms',
        'sessions left',
        'index entries left',
        'server RSS idle → peak MB',
      ],
      [
        [
          String(b.result.count),
          `${bBad} (${b.result.non2xx}, ${b.result.errors}, ${b.result.timeouts}, ${b.result.notSuccess})`,
          f(b.result.rps),
          f(b.result.p50, 2),
          f(b.result.p99, 2),
          String(b.sessionsLeft),
          String(b.indexLeft),
          `${f(b.baseRssMb, 0)} → ${f(b.peakRssMb, 0)}`,
        ],
      ],
    ),
  );
  out.push('');
  out.push('5. Memory (MEMORY USAGE): one index entry vs the typical logged-in session it indexes');
  out.push(
    table(
      ['session key bytes', 'index entry bytes', 'entry ÷ session'],
      [[String(mem.session), String(mem.entry), f(mem.entry / mem.session, 2)]],
    ),
  );
  out.push('');

  const c10 = (k: Kind) => get(k, 10)!.result;
  const largest = scaling[scaling.length - 1]!;
  const smallest = scaling[0]!;
  const extra = totalCmds(sloRead.perRequest) - totalCmds(plain.perRequest);
  const allGood =
    [...soap, ...cores].every(
      (r) =>
        r.left === 0 &&
        r.result.non2xx + r.result.errors + r.result.timeouts + r.result.notSuccess === 0 &&
        r.result.count > 0,
    ) &&
    scaling.every((r) => r.ok) &&
    plain.failed + sloRead.failed === 0 &&
    bBad === 0 &&
    b.sessionsLeft === 0 &&
    b.indexLeft === 0 &&
    b.result.count === b.n;
  out.push('Verdicts (10 concurrent where it applies):');
  out.push(`- ≥5× the node-saml route: ${atLeast(c10('slo').rps / c10('alt').rps, 5, 'ratio')}`);
  out.push(
    `- ≥80% of the floor's throughput: ${atLeast(c10('slo').rps / c10('floor').rps, 0.8, 'ratio')}`,
  );
  out.push(
    `- 2 CPUs ≥ 1.5× one CPU (saml-slo, 64 concurrent; the machine with every CPU vs cut to one: every process of the benchmark on CPU 0): ${allCpus && oneCpu ? atLeast(allCpus.result.rps / oneCpu.result.rps, 1.5, 'ratio') : 'n/a (one CPU)'}`,
  );
  if (allCpus && serverAlone) {
    out.push(
      `  reference: every CPU ÷ the server alone on CPU 0 (every other process on the others) = ${f(allCpus.result.rps / serverAlone.result.rps, 2)}; biased low, as that server has a CPU to itself`,
    );
  }
  if (split) {
    // With nothing else on the machine, one core serves 1/process and two serve
    // 1/max(event loop, process/2): the event loop is one thread, the rest spreads.
    const bound = split.processUs / Math.max(split.eventLoopUs, split.processUs / 2);
    out.push(
      `  CPU per logout in the saml-slo server (${cores[0]!.label}): ${f(split.processUs, 0)} µs in all, ${f(split.eventLoopUs, 0)} µs on the event-loop thread; with the load generator and Redis elsewhere, 2 cores ÷ 1 core ≤ ${f(bound, 2)}`,
    );
    // The machine's own bound: two CPUs do at most 2 ÷ (CPU per logout on two) logouts a
    // second, one does 1 ÷ (CPU per logout on one); the same work costs more CPU spread over
    // two CPUs when waking a process on the other CPU is dear (as in a VM).
    out.push(
      `  CPU per logout of every benchmark process together: ${f(split.machineAllUs, 0)} µs with every CPU, ${f(split.machineOneUs, 0)} µs on one CPU (×${f(split.machineAllUs / split.machineOneUs, 2)} spread over ${cpus().length}); so ${cpus().length} CPUs ÷ 1 ≤ ${f((cpus().length * split.machineOneUs) / split.machineAllUs, 2)} on this machine`,
    );
  }
  out.push(
    `- p99 ≤ 3× p50 at 10 concurrent: ${atMost(c10('slo').p99 / c10('slo').p50, 3, 'p99/p50')}`,
  );
  out.push(
    `- lookup p50 at ${largest.size} ≤ 1.5× at ${smallest.size}: ${atMost(largest.p50 / smallest.p50, 1.5, 'ratio')}${scaling.length === 1 ? ' (quick mode: one size only, trivially)' : ''}`,
  );
  out.push(
    `- reads ≥95% of plain connect-redis: ${atLeast(sloRead.rps / plain.rps, 0.95, 'ratio')}; zero extra Redis commands: ${Math.abs(extra) < 0.005 ? 'met (0 extra per request)' : `missed by ${f(extra, 3)} commands per request`}`,
  );
  out.push(
    `- index entry ≤ 50% of session bytes: ${atMost(mem.entry / mem.session, 0.5, 'ratio')}`,
  );
  out.push(
    `- correctness: ${allGood ? 'every request answered Success and every targeted session and index entry is gone' : 'FAILED: see the failed/left columns above'}`,
  );
  out.push('');
  out.push(
    `total ${f((Date.now() - startedAt) / 1000, 1)} s; load average at end ${loadavg()
      .map((l) => f(l, 2))
      .join(' ')}`,
  );
  console.log(out.join('\n'));
  if (!allGood) process.exitCode = 1;
}

main()
  .catch((err: unknown) => {
    console.error('bench failed:', err);
    process.exitCode = 1;
  })
  .finally(() => {
    clearTimeout(watchdog);
    killEverything();
    // Exit explicitly: a Redis client left reconnecting must never keep the run alive.
    const stopRedis = redisServer?.stop() ?? Promise.resolve();
    const force = setTimeout(() => process.exit(process.exitCode ?? 1), 5000);
    void stopRedis.finally(() => {
      clearTimeout(force);
      process.exit(process.exitCode ?? 0);
    });
  });
