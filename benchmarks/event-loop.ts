/**
 * `npm run bench:event-loop` (`-- --quick` for the CI smoke run): what one back-channel
 * logout costs the **event-loop thread**, saml-slo against the floor, measured in one process
 * so that both meet the same machine at the same moments.
 *
 * - saml-slo is `slo.router()` (no Express), the floor is `floorHandler` (benchmarks/floor.ts);
 *   both get distinct signed SOAP LogoutRequests through an in-memory request (a stream with
 *   the body; no socket, no HTTP parser), with real Redis (one redis-server, connect-redis on
 *   the index's own client, as in the README and `npm run bench`), each ending one session.
 * - They alternate in blocks (ABBA order), after a warm-up of both. A block's cost is the
 *   main thread's on-CPU time (`/proc/self/task/<pid>/schedstat`, ns) over its logouts, so
 *   waiting for Redis or for the libuv pool's RSA signing is not counted, and the signing
 *   itself (on pool threads) is not either. The median block is printed, and the ratio.
 * - Every answer must carry `status:Success`, every targeted session must be gone, and Redis
 *   commands are counted per logout and per server (`INFO commandstats`, reset per block);
 *   any failure exits 1. Figures are printed, never asserted.
 *
 * Why not callgrind's instruction counts (tried for docs/performance.md): on the Xeon below
 * they put saml-slo at 0.84 of the floor's count while its on-CPU time was 0.62–0.69 of
 * the floor's rate; time is what bounds a server. Why not V8's CPU profile: it samples
 * wall-clock time, so a thread descheduled on a busy VM is charged to whatever was running.
 * Linux only (reads /proc).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cpus } from 'node:os';
import { createSlo } from '../lib';
import { RedisReplayCache } from '../lib/redis';
import { startRedisServer } from '../test/support/redis-server';
import {
  IDP_ENTITY_ID,
  SESSION_PREFIX,
  SLO_PREFIX,
  SP_BASE_URL,
  SP_ENTITY_ID,
  SUCCESS,
  buildEnvelopes,
  connectRedis,
  createIdp,
  createIndex,
  createSessions,
  createStore,
  fillBackground,
  keys,
  percentile,
  sessionIdOf,
  type Redis,
} from './common';
import { floorHandler } from './floor';

const QUICK = process.argv.includes('--quick');
const WARM_UP = QUICK ? 40 : 1000; // per server
const BLOCKS = QUICK ? 4 : 40; // per server
const BLOCK_SIZE = QUICK ? 10 : 50;
const BACKGROUND = 1000;

type Handler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;
type Kind = 'saml-slo' | 'floor';

const SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;

/** The event-loop thread's on-CPU time so far, in µs (first field of schedstat: ns). */
function mainThreadCpuUs(): number {
  return Number(readFileSync(SCHEDSTAT, 'utf8').split(' ')[0]) / 1000;
}

/** One logout through `handler`; resolves with the answer, rejects unless it is a Success. */
function logout(handler: Handler, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = Object.assign(Readable.from([Buffer.from(body)]), {
      method: 'POST',
      url: '/saml/logout',
      headers: {
        'content-type': 'text/xml; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
      },
    }) as unknown as IncomingMessage;
    let statusCode = 200;
    const res = {
      headersSent: false,
      set statusCode(code: number) {
        statusCode = code;
      },
      setHeader: () => undefined,
      writeHead: (code: number) => {
        statusCode = code;
      },
      end: (answer: string) => {
        if (statusCode === 200 && answer.includes(SUCCESS)) resolve();
        else reject(new Error(`answer ${statusCode}: ${answer.slice(0, 300)}`));
      },
      destroy: () => reject(new Error('response destroyed')),
    } as unknown as ServerResponse;
    handler(req, res, (err) => reject(new Error(`not handled: ${String(err)}`)));
  });
}

async function commandCounts(client: Redis): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const line of (await client.info('commandstats')).split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match && match[1] !== 'info' && match[1] !== 'config|resetstat') {
      out[match[1]!] = Number(match[2]);
    }
  }
  return out;
}

async function main(): Promise<void> {
  if (!existsSync(SCHEDSTAT)) {
    throw new Error(`${SCHEDSTAT} not found: this benchmark reads Linux's per-thread CPU time`);
  }
  const redis = await startRedisServer();
  const client = await connectRedis(redis.url);
  try {
    const idp = await createIdp();
    const perServer = WARM_UP + BLOCKS * BLOCK_SIZE;
    await fillBackground(client, 0, BACKGROUND);
    const tags: Record<Kind, string> = { 'saml-slo': 'el-slo', floor: 'el-floor' };
    const envelopes = {} as Record<Kind, string[]>;
    for (const kind of ['saml-slo', 'floor'] as const) {
      await createSessions(client, tags[kind], perServer);
      envelopes[kind] = buildEnvelopes(idp, tags[kind], perServer);
    }
    const handlers: Record<Kind, Handler> = {
      'saml-slo': createSlo({
        sp: { entityID: SP_ENTITY_ID, baseUrl: SP_BASE_URL, ...keys.sp },
        idps: [{ entityID: IDP_ENTITY_ID, signingCertificates: keys.idp.certificate }],
        store: createStore(client),
        sessionIndex: createIndex(client),
        replayCache: new RedisReplayCache({ client, prefix: SLO_PREFIX }),
      }).router(),
      floor: floorHandler(client),
    };
    const sent: Record<Kind, number> = { 'saml-slo': 0, floor: 0 };
    const run = async (kind: Kind, count: number) => {
      for (let i = 0; i < count; i++) {
        await logout(handlers[kind], envelopes[kind][sent[kind]++]!);
      }
    };
    for (let done = 0; done < WARM_UP; done += BLOCK_SIZE) {
      await run('saml-slo', Math.min(BLOCK_SIZE, WARM_UP - done));
      await run('floor', Math.min(BLOCK_SIZE, WARM_UP - done));
    }
    const perLogout: Record<Kind, number[]> = { 'saml-slo': [], floor: [] };
    const commands: Record<Kind, Record<string, number>> = { 'saml-slo': {}, floor: {} };
    for (let block = 0; block < BLOCKS; block++) {
      const order: Kind[] = block % 2 === 0 ? ['saml-slo', 'floor'] : ['floor', 'saml-slo'];
      for (const kind of order) {
        await client.configResetStat();
        const before = mainThreadCpuUs();
        await run(kind, BLOCK_SIZE);
        perLogout[kind].push((mainThreadCpuUs() - before) / BLOCK_SIZE);
        for (const [name, calls] of Object.entries(await commandCounts(client))) {
          commands[kind][name] = (commands[kind][name] ?? 0) + calls;
        }
      }
    }
    let left = 0;
    for (const kind of ['saml-slo', 'floor'] as const) {
      const ids = Array.from(
        { length: perServer },
        (_, i) => SESSION_PREFIX + sessionIdOf(tags[kind], i),
      );
      for (let start = 0; start < ids.length; start += 1000) {
        left += await client.exists(ids.slice(start, start + 1000));
      }
    }
    const measured = BLOCKS * BLOCK_SIZE;
    const median = (kind: Kind) =>
      percentile(
        [...perLogout[kind]].sort((a, b) => a - b),
        50,
      );
    const mean = (kind: Kind) => perLogout[kind].reduce((a, b) => a + b, 0) / BLOCKS;
    const perCommand = (kind: Kind) =>
      Object.entries(commands[kind])
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, calls]) => `${name} ${(calls / measured).toFixed(2)}`)
        .join(', ');
    console.log(
      `saml-slo event-loop benchmark (${QUICK ? 'quick mode: counts too small to mean anything' : 'full mode'})`,
    );
    console.log(
      `machine: nproc ${cpus().length}, ${cpus()[0]?.model ?? '?'}, Node ${process.version}, ${new Date().toISOString()}`,
    );
    console.log(
      `one process, no HTTP; ${BLOCKS} blocks of ${BLOCK_SIZE} logouts per server, alternating, after ${WARM_UP} each to warm up; Redis holds ${BACKGROUND} other sessions`,
    );
    console.log(
      '| server   | event-loop µs per logout (median block) | mean | Redis commands per logout (with what scripts run) |',
    );
    console.log(
      '|----------|------------------------------------------|------|------------------------------------------------------|',
    );
    for (const kind of ['saml-slo', 'floor'] as const) {
      console.log(
        `| ${kind.padEnd(8)} | ${median(kind).toFixed(0).padEnd(40)} | ${mean(kind).toFixed(0).padEnd(4)} | ${perCommand(kind)} |`,
      );
    }
    console.log(
      `floor ÷ saml-slo (event loop, medians): ${(median('floor') / median('saml-slo')).toFixed(2)}: the share of the floor's rate saml-slo would reach where the event loop bounds both`,
    );
    console.log(
      `correctness: every answer a Success; sessions left: ${left}${left === 0 ? '' : ' (FAILED)'}`,
    );
    if (left !== 0) process.exitCode = 1;
  } finally {
    await client.quit().catch(() => undefined);
    await redis.stop();
  }
}

main().catch((err: unknown) => {
  console.error('[bench:event-loop]', err);
  process.exit(1);
});
