import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const XMLLINT = '/usr/bin/xmllint';

/** The SAML schemas Debian's python3-pysaml2 ships. */
export const SCHEMA_DIR = '/usr/lib/python3/dist-packages/saml2/data/schemas';
export const METADATA_XSD = join(SCHEMA_DIR, 'saml-schema-metadata-2.0.xsd');

/**
 * The metadata schema (and the assertion and xenc schemas) import xmldsig, xenc and xml.xsd by
 * their W3C URLs. This catalog maps each to the local copy, so xmllint --nonet validates offline.
 */
const REMOTE_TO_LOCAL: Readonly<Record<string, string>> = {
  'http://www.w3.org/TR/2002/REC-xmldsig-core-20020212/xmldsig-core-schema.xsd':
    'xmldsig-core-schema.xsd',
  'http://www.w3.org/TR/2002/REC-xmlenc-core-20021210/xenc-schema.xsd': 'xenc-schema.xsd',
  'http://www.w3.org/2001/xml.xsd': 'xml.xsd',
};

function catalogXml(): string {
  const entries = Object.entries(REMOTE_TO_LOCAL)
    .map(([remote, file]) => {
      const local = `file://${join(SCHEMA_DIR, file)}`;
      return `<system systemId="${remote}" uri="${local}"/><uri name="${remote}" uri="${local}"/>`;
    })
    .join('');
  return (
    '<?xml version="1.0"?>' +
    `<catalog xmlns="urn:oasis:names:tc:entity:xmlns:xml:catalog">${entries}</catalog>`
  );
}

/** Fails (never skips) when xmllint or the schemas are missing, naming the Debian packages. */
export function requireSchemaTools(): void {
  if (!existsSync(XMLLINT)) {
    throw new Error(`${XMLLINT} not found: apt-get install libxml2-utils`);
  }
  for (const file of ['saml-schema-metadata-2.0.xsd', ...Object.values(REMOTE_TO_LOCAL)]) {
    if (!existsSync(join(SCHEMA_DIR, file))) {
      throw new Error(`${join(SCHEMA_DIR, file)} not found: apt-get install python3-pysaml2`);
    }
  }
}

/**
 * Validates `xml` against saml-schema-metadata-2.0.xsd with xmllint, offline (`--nonet`, the
 * W3C imports resolved through a local XML catalog). `ok` is true when xmllint exits with 0.
 */
export function validateMetadata(xml: string): { ok: boolean; output: string } {
  requireSchemaTools();
  const dir = mkdtempSync(join(tmpdir(), 'saml-slo-xmllint-'));
  try {
    const catalog = join(dir, 'catalog.xml');
    const file = join(dir, 'metadata.xml');
    writeFileSync(catalog, catalogXml());
    writeFileSync(file, xml);
    const run = spawnSync(XMLLINT, ['--nonet', '--noout', '--schema', METADATA_XSD, file], {
      encoding: 'utf8',
      env: { ...process.env, XML_CATALOG_FILES: catalog },
    });
    if (run.error) throw run.error;
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
