import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Signs `template` with xmlsec1 (`--sign --privkey-pem <key>[,<cert>] --id-attr:ID <idNode>`):
 * the template holds an empty ds:Signature (SignedInfo with its algorithms and Reference,
 * empty DigestValue and SignatureValue) that xmlsec1 fills in. With `certificatePem`, xmlsec1
 * also writes that certificate into an empty ds:X509Data of the template.
 */
export function xmlsec1Sign(
  template: string,
  privateKeyPem: string,
  idNode: string,
  certificatePem?: string,
): string {
  requireXmlsec1();
  const dir = mkdtempSync(join(tmpdir(), 'saml-slo-xmlsec1-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    const inFile = join(dir, 'template.xml');
    const outFile = join(dir, 'signed.xml');
    writeFileSync(keyFile, privateKeyPem);
    if (certificatePem) writeFileSync(certFile, certificatePem);
    writeFileSync(inFile, template);
    const key = certificatePem ? `${keyFile},${certFile}` : keyFile;
    const run = spawnSync(
      XMLSEC1,
      ['--sign', '--privkey-pem', key, '--id-attr:ID', idNode, '--output', outFile, inFile],
      { encoding: 'utf8' },
    );
    if (run.error) throw run.error;
    if (run.status !== 0) throw new Error(`xmlsec1 --sign failed: ${run.stdout}${run.stderr}`);
    return readFileSync(outFile, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
