import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('SECURITY.md', () => {
  const text = readFileSync(join(root, 'SECURITY.md'), 'utf8');
  const cited = [...new Set([...text.matchAll(/`(test\/[^`]+)`/g)].map((m) => m[1]!))];

  it('cites tests for its defences', () => {
    expect(cited.length).toBeGreaterThan(20);
  });

  it.each(cited)('cites %s, which exists', (path) => {
    expect(existsSync(join(root, path))).toBe(true);
  });
});
