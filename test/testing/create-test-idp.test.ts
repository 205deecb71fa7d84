import { X509Certificate, createPrivateKey } from 'node:crypto';
import { createTestIdp } from '../../lib/testing';
import { readKey } from './support/keys';

describe('createTestIdp', () => {
  it('defaults: entityID https://idp.test/metadata and a generated RSA-2048 self-signed certificate', async () => {
    const idp = await createTestIdp();
    expect(idp.entityID).toBe('https://idp.test/metadata');
    const cert = new X509Certificate(idp.certificate);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.checkPrivateKey(createPrivateKey(idp.privateKey))).toBe(true);
  });

  it('uses the given entityID and key pair', async () => {
    const idp = await createTestIdp({
      entityID: 'https://idp.example/x',
      privateKey: readKey('idp', 'key'),
      certificate: readKey('idp', 'cert'),
    });
    expect(idp).toMatchObject({
      entityID: 'https://idp.example/x',
      certificate: readKey('idp', 'cert'),
    });
  });

  it('refuses only one of privateKey and certificate', async () => {
    await expect(createTestIdp({ privateKey: readKey('idp', 'key') })).rejects.toThrow(/both/);
  });
});
