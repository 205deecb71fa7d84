import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const run = (command: string, args: string[]) =>
  spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });

describe('the code base stays clean', () => {
  it('type-checks strictly (tsc --noEmit)', () => {
    const result = run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
    expect(result.stdout + result.stderr.replace(/npm warn.*\n/g, '')).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  it('passes eslint', () => {
    const result = run('npx', ['eslint', '.']);
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  it('is formatted with prettier', () => {
    const result = run('npx', ['prettier', '--list-different', '.']);
    expect(result.stdout).toBe(''); // the files prettier would change
    expect(result.status).toBe(0);
  }, 120_000);
});
