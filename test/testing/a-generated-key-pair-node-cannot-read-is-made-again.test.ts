import { X509Certificate } from 'node:crypto';
import { generateTestKeyPair } from '../../lib/testing';

// selfsigned, as installed, except that the first `failures` pairs carry a broken certificate.
let failures = 0;
jest.mock('selfsigned', () => {
  const actual = jest.requireActual<typeof import('selfsigned')>('selfsigned');
  return {
    ...actual,
    generate: async (...args: Parameters<typeof actual.generate>) => {
      const pems = await actual.generate(...args);
      if (failures > 0) {
        failures--;
        return { ...pems, cert: pems.cert.replace(/^(-----BEGIN CERTIFICATE-----\n)M/, '$1A') };
      }
      return pems;
    },
  };
});

describe('generateTestKeyPair hands out only pairs Node can read', () => {
  // Each rejected pair leaves a process warning carrying its certificate (for diagnosis).
  let warnings: jest.SpyInstance;
  beforeEach(() => {
    warnings = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
  });
  afterEach(() => warnings.mockRestore());

  it('a certificate Node cannot parse is generated again, and leaves a warning with it', async () => {
    failures = 1;
    const pair = await generateTestKeyPair('retry');
    expect(failures).toBe(0); // the broken one was made, and replaced
    expect(new X509Certificate(pair.certificate).subject).toContain('CN=retry');
    expect(warnings).toHaveBeenCalledTimes(1);
    expect(warnings).toHaveBeenCalledWith(
      expect.stringContaining('could not be read'),
      expect.objectContaining({
        code: 'SAML_SLO_TEST_KEY_PAIR',
        detail: expect.stringContaining('-----BEGIN CERTIFICATE-----'),
      }),
    );
  });

  it('three broken pairs in a row: an error that says so', async () => {
    failures = 3;
    await expect(generateTestKeyPair('never')).rejects.toThrow(/three key pairs Node cannot read/);
    expect(warnings).toHaveBeenCalledTimes(3);
  });
});
