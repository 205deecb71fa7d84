/**
 * The load generator, in its own long-lived process (forked once by run.ts): autocannon
 * against one server per {@link LoadJob} received over IPC; each request takes the next body (or cookie) from the
 * job's file, so every SOAP LogoutRequest is sent exactly once. Latencies are collected per
 * response in µs precision (autocannon's own histogram rounds to whole ms).
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { SUCCESS, percentile } from './light';

export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  readonly amount: number;
  /** JSON file: string[] of request bodies (POST) or cookies (GET). */
  readonly file: string;
  readonly mode: 'soap' | 'get';
}

export interface LoadResult {
  readonly count: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** 2xx SOAP answers that did not carry a Success status. */
  readonly notSuccess: number;
}

function run(job: LoadJob): Promise<LoadResult> {
  const items = JSON.parse(readFileSync(job.file, 'utf8')) as string[];
  let next = 0;
  let notSuccess = 0;
  const latencies: number[] = [];
  const started = performance.now();
  let lastResponse = started;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: job.url,
        connections: job.connections,
        amount: job.amount,
        timeout: 20,
        requests: [
          {
            method: job.mode === 'soap' ? 'POST' : 'GET',
            setupRequest: (req): typeof req => {
              const item = items[next++ % items.length]!;
              return job.mode === 'soap'
                ? {
                    ...req,
                    body: item,
                    headers: {
                      'content-type': 'text/xml; charset=utf-8',
                      soapaction: 'http://www.oasis-open.org/committees/security',
                    },
                  }
                : { ...req, headers: { cookie: item } };
            },
            onResponse: (status, body) => {
              if (job.mode === 'soap' && status === 200 && !body.includes(SUCCESS)) notSuccess++;
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        // Up to the last response: autocannon's own end waits for its 1 s sampling tick.
        const seconds = (lastResponse - started) / 1000;
        latencies.sort((a, b) => a - b);
        const ok = result['2xx'];
        resolve({
          count: ok,
          seconds,
          rps: ok / seconds,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          notSuccess,
        });
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      lastResponse = performance.now();
      if (status >= 200 && status < 300) latencies.push(responseTime);
    });
  });
}

process.on('disconnect', () => process.exit(0));
process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send!({ type: 'result', result }),
    (err: unknown) => process.send!({ type: 'error', error: String(err) }),
  );
});
process.send!({ type: 'ready' });
