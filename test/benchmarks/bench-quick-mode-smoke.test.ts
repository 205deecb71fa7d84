import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
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
    // Every part of the issue's method is printed, with its verdict.
    for (const heading of [
      /^1\. Back-channel SOAP logout over HTTP/m,
      /^2\. Lookup scaling/m,
      /^3\. Authenticated GET through express-session/m,
      /^4\. Burst/m,
      /^5\. Memory/m,
      /^- ≥5× the node-saml route: (met|missed)/m,
      /^- ≥80% of the floor's throughput: (met|missed)/m,
      /^- p99 ≤ 3× p50 at 10 concurrent: (met|missed)/m,
      /^- reads ≥95% of plain connect-redis: (met|missed)/m,
      /^- correctness: every request answered Success/m,
    ]) {
      expect(output).toMatch(heading);
    }
    if (cpus().length > 1) {
      // The CPU comparison: the machine with every CPU, cut to one, and the reference row.
      expect(output).toMatch(/^\| saml-slo, \d+ CPUs +\| 64 /m);
      expect(output).toMatch(/^\| saml-slo, 1 CPU +\| 64 /m);
      expect(output).toMatch(/^\| saml-slo, server alone on 1 CPU +\| 64 /m);
      expect(output).toMatch(/^- 2 CPUs ≥ 1\.5× one CPU .*: (met|missed)/m);
    }
  }, 150_000);
});
