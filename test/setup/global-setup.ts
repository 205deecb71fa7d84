import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Makes sure the real external tools the suites use are on the machine: installs them
 * with apt-get when missing and running as root (CI on a fresh machine), otherwise stops
 * with a message naming the Debian package. Never lets a suite skip silently.
 */
const REQUIRED: ReadonlyArray<{ binary: string; debianPackage: string }> = [
  { binary: '/usr/bin/xmlsec1', debianPackage: 'xmlsec1' },
  { binary: '/usr/bin/redis-server', debianPackage: 'redis-server' },
  { binary: '/usr/bin/xmllint', debianPackage: 'libxml2-utils' },
  // The browser of the example-app test, driven by playwright-core (no browser download here).
  { binary: '/usr/bin/chromium', debianPackage: 'chromium' },
  // pysaml2, the independent SAML implementation of the interop suite (Debian's, for /usr/bin/python3).
  { binary: '/usr/lib/python3/dist-packages/saml2/__init__.py', debianPackage: 'python3-pysaml2' },
];

export default async function globalSetup(): Promise<void> {
  const missing = REQUIRED.filter((tool) => !existsSync(tool.binary));
  if (missing.length === 0) return;
  const packages = missing.map((tool) => tool.debianPackage);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `Missing test tools: ${missing.map((t) => t.binary).join(', ')}. ` +
        `Install the Debian packages: sudo apt-get install -y ${packages.join(' ')}`,
    );
  }
  process.stderr.write(`\n[global-setup] installing ${packages.join(' ')} with apt-get\n`);
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const still = missing.filter((tool) => !existsSync(tool.binary));
  if (still.length > 0) {
    throw new Error(`apt-get did not provide: ${still.map((t) => t.debianPackage).join(', ')}`);
  }
}
