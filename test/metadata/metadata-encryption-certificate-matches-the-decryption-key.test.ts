import { DOMParser } from '@xmldom/xmldom';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { SamlStatus } from '../../lib';
import { keys } from '../support/keys';
import { startSp, type SpHarness } from '../support/sp-app';
import { fetchMetadata } from './support/metadata';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

/** The PEM certificates of the metadata's KeyDescriptors with use="encryption". */
function encryptionCertificates(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const descriptors = doc.getElementsByTagNameNS(MD, 'KeyDescriptor');
  const pems: string[] = [];
  for (let i = 0; i < descriptors.length; i++) {
    const descriptor = descriptors.item(i)!;
    if (descriptor.getAttribute('use') !== 'encryption') continue;
    const base64 = descriptor.getElementsByTagNameNS(DS, 'X509Certificate').item(0)?.textContent;
    const body = (base64 ?? '').replace(/\s+/g, '').replace(/(.{64})/g, '$1\n');
    pems.push(`-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`);
  }
  return pems;
}

/**
 * An IdP encrypts the NameID of a LogoutRequest to the certificate the SP's metadata
 * advertises for encryption: the SP must be able to decrypt it with its decryption key.
 */
async function logoutWithNameIdEncryptedToMetadata(sp: SpHarness) {
  const cookie = await sp.login('alice', ['_enc-1']);
  const [certificate] = encryptionCertificates((await fetchMetadata(sp)).xml);
  expect(certificate).toBeDefined();
  const request = sp.idp.buildSoapLogoutRequest({
    destination: sp.logoutUrl,
    nameID: 'alice',
    sessionIndexes: ['_enc-1'],
    encryptNameIDFor: { certificate: certificate! },
  });
  const reply = await sp.postSoap(request.envelope, request.contentType);
  return {
    cookie,
    certificate: certificate!,
    response: sp.idp.readLogoutResponse(reply.body, keys.sp.certificate),
  };
}

describe("the metadata's encryption certificate belongs to the key the SP decrypts with", () => {
  it('default (sp.privateKey decrypts): the encryption certificate is the SP certificate, and an EncryptedID to it works', async () => {
    const sp = await startSp();
    try {
      const { cookie, certificate, response } = await logoutWithNameIdEncryptedToMetadata(sp);
      expect(
        new X509Certificate(certificate).checkPrivateKey(createPrivateKey(keys.sp.privateKey)),
      ).toBe(true);
      expect(response.status).toBe(SamlStatus.Success);
      expect(await sp.me(cookie)).toBeNull();
    } finally {
      await sp.close();
    }
  });

  it('default with sp.privateKey given as a KeyObject: it decrypts too, so the SP certificate is advertised, and an EncryptedID to it works', async () => {
    const sp = await startSp({ slo: { sp: { privateKey: createPrivateKey(keys.sp.privateKey) } } });
    try {
      const { cookie, certificate, response } = await logoutWithNameIdEncryptedToMetadata(sp);
      expect(new X509Certificate(certificate).raw).toEqual(
        new X509Certificate(keys.sp.certificate).raw,
      );
      expect({ status: response.status, statusMessage: response.statusMessage }).toEqual({
        status: SamlStatus.Success,
        statusMessage: undefined,
      });
      expect(await sp.me(cookie)).toBeNull();
    } finally {
      await sp.close();
    }
  });

  it('with a separate sp.decryptionKey and its sp.decryptionCertificate: that certificate is advertised, and an EncryptedID to it works', async () => {
    const sp = await startSp({
      slo: {
        sp: { decryptionKey: keys.other.privateKey, decryptionCertificate: keys.other.certificate },
      },
    });
    try {
      const { cookie, certificate, response } = await logoutWithNameIdEncryptedToMetadata(sp);
      expect({ status: response.status, statusMessage: response.statusMessage }).toEqual({
        status: SamlStatus.Success,
        statusMessage: undefined,
      });
      expect(await sp.me(cookie)).toBeNull();
      expect(
        new X509Certificate(certificate).checkPrivateKey(createPrivateKey(keys.other.privateKey)),
      ).toBe(true);
    } finally {
      await sp.close();
    }
  });

  it('with a separate sp.decryptionKey but no certificate for it: no encryption certificate is advertised (never a wrong one)', async () => {
    const sp = await startSp({ slo: { sp: { decryptionKey: keys.other.privateKey } } });
    try {
      expect(encryptionCertificates((await fetchMetadata(sp)).xml)).toEqual([]);
    } finally {
      await sp.close();
    }
  });

  it('refuses at start-up a decryption certificate that does not match the decryption key', async () => {
    await expect(
      startSp({
        slo: {
          sp: { decryptionKey: keys.other.privateKey, decryptionCertificate: keys.idp.certificate },
        },
      }),
    ).rejects.toMatchObject({ code: 'SLO_OPTION_INVALID', option: 'sp.decryptionCertificate' });
  });
});
