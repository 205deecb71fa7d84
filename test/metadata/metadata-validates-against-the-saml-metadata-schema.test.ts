import { startSp } from '../support/sp-app';
import { fetchMetadata } from './support/metadata';
import { requireSchemaTools, validateMetadata } from './support/schema';

describe('GET /saml/metadata validates against saml-schema-metadata-2.0.xsd (xmllint, offline)', () => {
  beforeAll(() => requireSchemaTools());

  it('the default metadata is schema-valid', async () => {
    const sp = await startSp();
    try {
      const { status, contentType, xml } = await fetchMetadata(sp);
      expect(status).toBe(200);
      expect(contentType).toMatch(/^application\/samlmetadata\+xml/);
      const result = validateMetadata(xml);
      expect(result.output).toContain('validates');
      expect(result.ok).toBe(true);
    } finally {
      await sp.close();
    }
  });

  it('signed, with SOAP and NameID formats, it is schema-valid too', async () => {
    const sp = await startSp({
      slo: {
        metadata: {
          sign: true,
          soap: true,
          nameIDFormats: [
            'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
            'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
          ],
        },
      },
    });
    try {
      const { xml } = await fetchMetadata(sp);
      expect(xml).toContain('<ds:Signature');
      const result = validateMetadata(xml);
      expect(result.output).toContain('validates');
      expect(result.ok).toBe(true);
    } finally {
      await sp.close();
    }
  });

  it('reference: the validator does reject an invalid document (entityID missing)', async () => {
    const sp = await startSp();
    try {
      const { xml } = await fetchMetadata(sp);
      const broken = xml.replace(/ entityID="[^"]*"/, '');
      expect(broken).not.toBe(xml);
      const result = validateMetadata(broken);
      expect(result.ok).toBe(false);
      expect(result.output).toMatch(/entityID/);
    } finally {
      await sp.close();
    }
  });
});
