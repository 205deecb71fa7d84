import { spawnSync } from 'node:child_process';
import { ensureFreshBuild, repoRoot } from '../support/fresh-build';

/** Runs `node <args>` from the repo root, where Node resolves `saml-slo` by self-reference. */
function runNode(args: string[]) {
  const run = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { exitCode: run.status, stderr: run.stderr };
}

const entryPoints = [
  { specifier: 'saml-slo', exportName: 'createSlo' },
  { specifier: 'saml-slo/testing', exportName: 'createTestIdp' },
];

describe('the package entry points, resolved through package.json "exports"', () => {
  beforeAll(ensureFreshBuild, 120_000);

  it.each(entryPoints)('require($specifier) gives $exportName', ({ specifier, exportName }) => {
    const script =
      `const m = require(${JSON.stringify(specifier)});` +
      `if (typeof m[${JSON.stringify(exportName)}] !== 'function') process.exit(1);`;
    expect(runNode(['-e', script])).toMatchObject({ exitCode: 0 });
  });

  it.each(entryPoints)('import($specifier) gives $exportName', ({ specifier, exportName }) => {
    const script =
      `import(${JSON.stringify(specifier)}).then((m) => {` +
      `if (typeof m[${JSON.stringify(exportName)}] !== 'function') process.exit(1); });`;
    expect(runNode(['--input-type=module', '-e', script])).toMatchObject({ exitCode: 0 });
  });
});
