import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

const lib = sourceFiles(join(root, 'lib'));

describe('design §3: the dependency rule', () => {
  it.each(['protocol', 'bindings', 'session-index'])(
    'lib/%s imports neither Express, express-session, Passport nor node-saml',
    (folder) => {
      const offenders = lib
        .filter((f) => relative(join(root, 'lib'), f).startsWith(`${folder}/`))
        .filter((f) =>
          importsOf(f).some((m) => /^(express|express-session|passport|@node-saml\/.*)$/.test(m)),
        );
      expect(offenders.map((f) => relative(root, f))).toEqual([]);
    },
  );

  it('exactly one file of lib imports @node-saml/node-saml', () => {
    const importers = lib.filter((f) => importsOf(f).includes('@node-saml/node-saml'));
    expect(importers.map((f) => relative(root, f))).toEqual([
      'lib/passport/login-record-from-profile.ts',
    ]);
  });
});
