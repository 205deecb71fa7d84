import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TestIdp } from '../../../lib/testing';
import type { SpAddress } from './http';

const root = join(__dirname, '..', '..', '..');
const script = join('test', 'multi-instance', 'support', 'sp-process.ts');

/** An SP instance running in a child process. */
export interface SpProcess extends SpAddress {
  readonly pid: number;
  /** SIGTERM, and waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Spawns `sp-process.ts` with ts-node and waits (bounded) for its `{"baseUrl", "entityID"}`
 * line. `idp` is the test's copy of the IdP the child trusts (same keys and entityID);
 * processes given the same `entityID` are instances of one app.
 */
export async function spawnSpProcess(
  redisUrl: string,
  idp: TestIdp,
  entityID = 'https://app.test/saml/metadata',
  timeoutMs = 30_000,
): Promise<SpProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
    cwd: root,
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      SP_ENTITY_ID: entityID,
      TS_NODE_TRANSPILE_ONLY: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const started = await new Promise<{ baseUrl: string; entityID: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`SP process did not start within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`SP process ${why}: ${stderr}`));
    };
    child.once('exit', (code) => fail(`exited with ${code}`));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as { baseUrl: string; entityID: string });
      } catch {
        fail(`printed ${line}`);
      }
    });
  });

  return {
    baseUrl: started.baseUrl,
    entityID: started.entityID,
    idp,
    pid: child.pid!,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
