import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startDemoIdp, type DemoIdp } from '../../example-app/idp/demo-idp';
import { idpConfigFromMetadata, loadMetadata } from '../../example-app/sp/idp-config';
import { startExample, type Example } from '../../example-app/start-example';
import { SloErrorCode } from '../../lib';
import { keys } from '../support/keys';
import { xmlsec1Sign } from '../support/xmlsec1';
import { signatureTemplate } from '../metadata/support/idp-metadata';
import { launchChromium, newContext, recordVisits } from './support/browser';
import { logInAtFlights, partiesOf, ssoToCars, statusOf, textOf } from './support/story';

/**
 * IDP_METADATA: both SPs configured from an IdP's metadata file instead of the demo IdP
 * started next to them. The "external" IdP here is a demo IdP started on its own; the SPs
 * know it only through the file its `/metadata` endpoint produced.
 */
describe('the example with IDP_METADATA (an external IdP, configured from its metadata)', () => {
  let external: DemoIdp;
  let metadataFile: string;
  let example: Example;
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
    external = await startDemoIdp({ port: 0 });
    const metadata = await (await fetch(`${external.url}/metadata`)).text();
    metadataFile = join(mkdtempSync(join(tmpdir(), 'saml-slo-example-')), 'idp-metadata.xml');
    writeFileSync(metadataFile, metadata);
    example = await startExample({ ports: { flights: 0, cars: 0 }, idpMetadata: metadataFile });
    // What you would do at your own IdP: register each SP from its metadata.
    for (const sp of [example.flights, example.cars]) {
      const spMetadata = await (await fetch(`${sp.url}/saml/metadata`)).text();
      external.trustSp({ name: sp.name, homeUrl: `${sp.url}/`, metadata: spMetadata });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await example?.close();
    await external?.close();
  });

  it('starts no demo IdP of its own, and reads the same IdP from a file or a URL', async () => {
    expect(example.idp).toBeUndefined();
    const fromFile = idpConfigFromMetadata(await loadMetadata(metadataFile));
    const fromUrl = idpConfigFromMetadata(await loadMetadata(`${external.url}/metadata`));
    expect(fromUrl).toEqual(fromFile);
    expect(fromFile).toMatchObject({
      ssoUrl: `${external.url}/sso`,
      slo: {
        entityID: external.entityID,
        singleLogoutService: { redirect: { location: `${external.url}/slo` } },
      },
    });
  });

  it('with IDP_METADATA_SIGNER, starts only when the metadata carries a valid signature by that certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saml-slo-example-'));
    const signerFile = join(dir, 'signer.pem');
    writeFileSync(signerFile, keys.other.certificate);
    const metadata = await loadMetadata(metadataFile);
    const signedFile = join(dir, 'signed-idp-metadata.xml');
    const sign = (xml: string) =>
      xmlsec1Sign(
        xml.replace(/(<md:EntityDescriptor[^>]*)>/, `$1 ID="_idp">${signatureTemplate('_idp')}`),
        keys.other.privateKey,
        'urn:oasis:names:tc:SAML:2.0:metadata:EntityDescriptor',
      );
    expect(metadata).toMatch(/<md:EntityDescriptor [^>]*validUntil="/);
    writeFileSync(signedFile, sign(metadata));
    const ports = { flights: 0, cars: 0 };
    const signed = await startExample({
      ports,
      idpMetadata: signedFile,
      idpMetadataSigner: signerFile,
    });
    try {
      expect(signed.idp).toBeUndefined();
      const spMetadata = await (await fetch(`${signed.flights.url}/saml/metadata`)).text();
      expect(spMetadata).toContain('EntityDescriptor');
    } finally {
      await signed.close();
    }
    // Signed without a validUntil (as Entra ID's and ADFS's metadata): no start, unless
    // IDP_METADATA_MAX_VALIDITY_MS=false says to accept it.
    const timelessFile = join(dir, 'signed-timeless-idp-metadata.xml');
    writeFileSync(timelessFile, sign(metadata.replace(/ validUntil="[^"]*"/, '')));
    await expect(
      startExample({ ports, idpMetadata: timelessFile, idpMetadataSigner: signerFile }),
    ).rejects.toMatchObject({ code: SloErrorCode.MessageInvalid, option: 'maxValidityMs' });
    const timeless = await startExample({
      ports,
      idpMetadata: timelessFile,
      idpMetadataSigner: signerFile,
      idpMetadataMaxValidityMs: false,
    });
    await timeless.close();
    // The unsigned file, or the signed one checked against another certificate: no start.
    await expect(
      startExample({ ports, idpMetadata: metadataFile, idpMetadataSigner: signerFile }),
    ).rejects.toMatchObject({ code: SloErrorCode.SignatureMissing });
    writeFileSync(signerFile, keys.idp.certificate);
    await expect(
      startExample({ ports, idpMetadata: signedFile, idpMetadataSigner: signerFile }),
    ).rejects.toMatchObject({ code: SloErrorCode.SignatureInvalid });
  });

  it('logs in at both SPs through that IdP and logs out of both from Flights', async () => {
    const parties = partiesOf(example, external.url);
    const context = await newContext(browser);
    const page = await context.newPage();
    try {
      await logInAtFlights(page, parties, 'erin@example.com');
      await ssoToCars(context, page, parties, 'erin@example.com');
      expect(await statusOf(context, `${parties.cars}/me`)).toBe(200);

      await page.goto(`${parties.flights}/`);
      const visits = recordVisits(context);
      await page.click('#logout');
      await textOf(page, '#logout-result');
      visits.stop();
      expect(await page.getAttribute('#logout-result', 'data-result')).toBe('complete');
      expect(visits.urls().filter((u) => u.startsWith(parties.cars))).toEqual([]);
      expect(await statusOf(context, `${parties.cars}/me`)).toBe(401);
    } finally {
      await context.close();
    }
  });
});
