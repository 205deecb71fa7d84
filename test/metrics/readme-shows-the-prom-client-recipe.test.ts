import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('the README Metrics section', () => {
  it('shows exactly the prom-client recipe these tests scrape (only the import of saml-slo differs)', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const recipe = readFileSync(join(__dirname, 'support', 'prom-client-metrics.ts'), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const shown = blocks.filter((block) => block.includes('export function promClientMetrics'));

    expect(shown).toHaveLength(1);
    expect(shown[0]).toBe(recipe.replace("from '../../../lib';", "from 'saml-slo';"));
  });
});
