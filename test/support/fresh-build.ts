import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(__dirname, '..', '..');

function newestSourceMs(dir: string): number {
  return readdirSync(dir).reduce((newest, name) => {
    const path = join(dir, name);
    const stat = statSync(path);
    const ms = stat.isDirectory() ? newestSourceMs(path) : name.endsWith('.ts') ? stat.mtimeMs : 0;
    return Math.max(newest, ms);
  }, 0);
}

/**
 * Runs `npm run build` unless `dist/` is newer than every file of `lib/`, so tests of the
 * built package never test a stale build (`npm test` builds first; a single test file run
 * on its own may not).
 */
export function ensureFreshBuild(): void {
  const built = join(repoRoot, 'dist', 'index.js');
  if (existsSync(built) && statSync(built).mtimeMs >= newestSourceMs(join(repoRoot, 'lib'))) return;
  const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}
