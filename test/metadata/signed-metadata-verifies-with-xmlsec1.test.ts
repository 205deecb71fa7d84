import { keys } from '../support/keys';
import { startSp, type SpHarness } from '../support/sp-app';
import { requireXmlsec1, xmlsec1Verify } from '../support/xmlsec1';
import { fetchMetadata } from './support/metadata';

const ENTITY_DESCRIPTOR = 'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor';

describe('metadata.sign: true — the metadata carries an enveloped signature xmlsec1 verifies with the SP certificate', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    requireXmlsec1();
    sp = await startSp({ slo: { metadata: { sign: true } } });
  });
  afterAll(() => sp.close());

  it('verifies with keys.sp.certificate, not with another', async () => {
    const { xml } = await fetchMetadata(sp);
    const verified = xmlsec1Verify(xml, keys.sp.certificate, ENTITY_DESCRIPTOR);
    expect(verified.output).toContain('OK');
    expect(verified.ok).toBe(true);
    expect(xmlsec1Verify(xml, keys.other.certificate, ENTITY_DESCRIPTOR).ok).toBe(false);
  });

  it('changed after signing (another logout URL), it no longer verifies', async () => {
    const { xml } = await fetchMetadata(sp);
    const tampered = xml.replace(
      /Location="[^"]*\/saml\/logout"/,
      'Location="https://evil.example/slo"',
    );
    expect(tampered).not.toBe(xml);
    expect(xmlsec1Verify(tampered, keys.sp.certificate, ENTITY_DESCRIPTOR).ok).toBe(false);
  });

  it('reference: without metadata.sign the metadata carries no signature', async () => {
    const unsigned = await startSp();
    try {
      expect((await fetchMetadata(unsigned)).xml).not.toContain('Signature');
    } finally {
      await unsigned.close();
    }
  });
});
