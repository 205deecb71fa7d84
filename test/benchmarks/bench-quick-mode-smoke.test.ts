import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The benchmark must never rot: its quick mode runs every measured path once at small
 * counts and exits 0 only when every logout succeeded and left no session or index entry
 * behind. Figures are printed, never asserted here (timings belong to benchmarks).
 */
describe('npm run bench -- --quick', () => {
  it('runs every benchmark path end to end and exits 0', () => {
    const run = spawnSync('npm', ['run', 'bench', '--', '--quick'], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 0, signal: null });
    expect(output).toMatch(/saml-slo/);
  }, 150_000);
});
