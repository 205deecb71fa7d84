import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const XMLSEC1 = '/usr/bin/xmlsec1';

/** Fails (never skips) when xmlsec1 is missing, naming the Debian package. */
export function requireXmlsec1(): void {
  if (!existsSync(XMLSEC1)) {
    throw new Error(
      `${XMLSEC1} not found: these tests need the independent verifier from the Debian package ` +
        '`xmlsec1` (apt-get install xmlsec1)',
    );
  }
}

/**
 * Runs `xmlsec1 --verify --pubkey-cert-pem <cert> --id-attr:ID <idNode> <file>` on `xml`.
 * `ok` is true when xmlsec1 exits with 0.
 */
export function xmlsec1Verify(
  xml: string,
  certificatePem: string,
  idNode = 'urn:oasis:names:tc:SAML:2.0:protocol:LogoutRequest',
): { ok: boolean; output: string } {
  requireXmlsec1();
  const dir = mkdtempSync(join(tmpdir(), 'saml-slo-xmlsec1-'));
  try {
    const certFile = join(dir, 'cert.pem');
    const xmlFile = join(dir, 'message.xml');
    writeFileSync(certFile, certificatePem);
    writeFileSync(xmlFile, xml);
    const run = spawnSync(
      XMLSEC1,
      ['--verify', '--pubkey-cert-pem', certFile, `--id-attr:ID`, idNode, xmlFile],
      { encoding: 'utf8' },
    );
    if (run.error) throw run.error;
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
