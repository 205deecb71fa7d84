import { SloErrorCode, idpFromMetadata } from '../../lib';
import { keys } from '../support/keys';
import {
  der,
  entitiesDescriptor,
  feedIdp,
  idpEntityDescriptor,
  keyDescriptor,
  rolloverIdpMetadata,
} from './support/idp-metadata';

describe("idpFromMetadata reads an IdP's entityID, signing certificates and SLO endpoints", () => {
  it('entityID, every signing certificate (rollover), SingleLogoutService per binding with ResponseLocation, SingleSignOnService', () => {
    expect(idpFromMetadata(rolloverIdpMetadata())).toEqual({
      entityID: 'https://idp.test/metadata',
      // use="signing" and a KeyDescriptor without use both count; use="encryption" does not.
      signingCertificates: [der(keys.idp.certificate), der(keys.other.certificate)],
      singleLogoutService: {
        soap: { location: 'https://idp.test/slo/soap' },
        redirect: {
          location: 'https://idp.test/slo/redirect',
          responseLocation: 'https://idp.test/slo/redirect/return',
        },
        post: { location: 'https://idp.test/slo/post' },
      },
      singleSignOnService: { redirect: { location: 'https://idp.test/sso' } },
    });
  });

  it('an encryption-only key is never taken as a signing certificate', () => {
    const idp = idpFromMetadata(
      idpEntityDescriptor({
        entityID: 'https://idp.test/metadata',
        keyDescriptors:
          keyDescriptor(keys.sp.certificate, 'encryption') + keyDescriptor(keys.idp.certificate),
      }),
    );
    expect(idp.signingCertificates).toEqual([der(keys.idp.certificate)]);
  });

  it('an EntitiesDescriptor with several IdPs needs the entityID to pick one', () => {
    const feed = entitiesDescriptor(
      feedIdp('https://a.idp.test', keys.idp.certificate),
      feedIdp('https://b.idp.test', keys.other.certificate),
    );
    expect(() => idpFromMetadata(feed)).toThrow(
      expect.objectContaining({
        code: SloErrorCode.OptionInvalid,
        message: expect.stringMatching(/entityID/),
      }),
    );
    expect(idpFromMetadata(feed, 'https://b.idp.test')).toMatchObject({
      entityID: 'https://b.idp.test',
      signingCertificates: [der(keys.other.certificate)],
    });
    expect(() => idpFromMetadata(feed, 'https://c.idp.test')).toThrow(
      expect.objectContaining({ code: SloErrorCode.OptionInvalid }),
    );
  });

  it('an EntitiesDescriptor holding one IdP is read without an entityID', () => {
    const feed = entitiesDescriptor(feedIdp('https://only.idp.test', keys.idp.certificate));
    expect(idpFromMetadata(feed).entityID).toBe('https://only.idp.test');
  });
});
