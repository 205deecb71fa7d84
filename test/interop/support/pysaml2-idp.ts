import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const PYTHON = '/usr/bin/python3';
export const PYSAML2_ENTITY_ID = 'https://pysaml2-idp.test/metadata';
const SCRIPT = join(__dirname, '..', 'pysaml2', 'idp_server.py');
const KEYS = join(__dirname, '..', '..', 'fixtures', 'keys');

/** Fails (never skips) when Debian's pysaml2 is missing. */
export function requirePysaml2(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import saml2.server, saml2.sigver'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    throw new Error(
      `${PYTHON} cannot import saml2: these interop tests need pysaml2 from the Debian package ` +
        `python3-pysaml2 (apt-get install python3-pysaml2 xmlsec1).\n${probe.error ?? probe.stderr}`,
    );
  }
}

/** A running pysaml2 IdP (test/interop/pysaml2/idp_server.py) and its control API. */
export interface Pysaml2Idp {
  readonly baseUrl: string;
  readonly entityID: string;
  readonly slo: { soap: string; redirect: string; post: string };
  /** POSTs JSON to a /control/… endpoint; throws with pysaml2's traceback and stderr on failure. */
  control<T>(path: string, body: unknown): Promise<T>;
  /** GETs a URL of the IdP (e.g. our Redirect to /slo/redirect) without following redirects. */
  get(url: string): Promise<Response>;
  /** The last lines pysaml2 wrote to stderr (its log), for failure messages. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts the Python IdP, waits (bounded) until it answers /health. */
export async function startPysaml2Idp(): Promise<Pysaml2Idp> {
  requirePysaml2();
  const child = spawn(
    PYTHON,
    [SCRIPT, PYSAML2_ENTITY_ID, join(KEYS, 'idp.key.pem'), join(KEYS, 'idp.cert.pem')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
  const stderr = () => log.slice(-6000);
  try {
    const port = await readPort(child, stderr);
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitForHealth(`${baseUrl}/health`, stderr);
    return {
      baseUrl,
      entityID: PYSAML2_ENTITY_ID,
      slo: {
        soap: `${baseUrl}/slo/soap`,
        redirect: `${baseUrl}/slo/redirect`,
        post: `${baseUrl}/slo/post`,
      },
      async control<T>(path: string, body: unknown): Promise<T> {
        const reply = await fetch(`${baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await reply.text();
        if (reply.status !== 200) {
          throw new Error(
            `pysaml2 ${path} failed (${reply.status}): ${text}\n--- stderr\n${stderr()}`,
          );
        }
        return JSON.parse(text) as T;
      },
      get: (url) => fetch(url, { redirect: 'manual' }),
      stderr,
      stop: () => stop(child),
    };
  } catch (err) {
    await stop(child);
    throw err;
  }
}

function readPort(child: ChildProcess, stderr: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => fail('no port announced within 10 s'), 10_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      lines.close();
      reject(new Error(`pysaml2 IdP did not start: ${why}\n--- stderr\n${stderr()}`));
    };
    child.once('exit', (code) => fail(`exited with ${code}`));
    lines.once('line', (line) => {
      clearTimeout(timer);
      lines.close();
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
}

async function waitForHealth(url: string, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url} never answered\n--- stderr\n${stderr()}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** `it`, but a failure (assertions included) also shows pysaml2's stderr. */
export function itWithPysaml2Log(idp: () => Pysaml2Idp) {
  return (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      try {
        await body();
      } catch (err) {
        if (err instanceof Error && !err.message.includes('--- stderr')) {
          err.message += `\n--- stderr of pysaml2\n${idp().stderr()}`;
        }
        throw err;
      }
    });
}
