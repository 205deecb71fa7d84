import { spawnSync } from 'node:child_process';

/**
 * Asks an independent, conforming XML parser (libxml2's xmllint, which the test setup
 * installs) whether `text` is namespace-well-formed XML. Returns its complaint, or
 * undefined when it has none. For the few inputs our parser accepted: a spawn each.
 */
export function libxml2Complaint(text: string): string | undefined {
  const result = spawnSync('xmllint', ['--noout', '--nonet', '-'], {
    input: text,
    encoding: 'utf8',
  });
  if (result.error) {
    throw new Error(`xmllint is needed (Debian: libxml2-utils): ${result.error.message}`);
  }
  // Namespace errors leave the exit status 0: any message at all is a complaint.
  const complaint = result.stderr.trim();
  if (result.status === 0 && complaint === '') return undefined;
  return complaint || `exit status ${result.status}`;
}
