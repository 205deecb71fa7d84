import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The event-loop benchmark must never rot either: its quick mode runs both servers through
 * the same in-process logouts at small counts and exits 0 only when every answer was a
 * Success and no targeted session was left. Figures are printed, never asserted here.
 */
describe('npm run bench:event-loop -- --quick', () => {
  it('runs saml-slo and the floor in one process and exits 0', () => {
    const run = spawnSync('npm', ['run', 'bench:event-loop', '--', '--quick'], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      timeout: 90_000,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect({ status: run.status, signal: run.signal }).toEqual({ status: 0, signal: null });
    expect(output).toMatch(/^\| saml-slo +\| \d+ +\| \d+ +\| .*evalsha 1\.00/m);
    expect(output).toMatch(/^\| floor +\| \d+ +\| \d+ +\| .*evalsha 1\.00/m);
    expect(output).toMatch(/^floor ÷ saml-slo \(event loop, medians\): \d+\.\d\d/m);
    expect(output).toMatch(/^correctness: every answer a Success; sessions left: 0$/m);
  }, 120_000);
});
