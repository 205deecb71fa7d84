import { SamlStatus, SloErrorCode } from '../../lib';
import { createTestIdp, type TestIdp } from '../../lib/testing';
import type { SpHarness } from '../support/sp-app';
import { keys } from '../support/keys';
import {
  IDP_ENTITY_ID,
  expectLoggedIn,
  getRedirect,
  postForm,
  postedResponse,
  redirectedResponse,
  refusal,
  startFrontChannelSp,
} from './support/front-channel';

describe('RSA-SHA1 signatures are refused by default and accepted with security.allowSha1', () => {
  let sha1Idp: TestIdp;
  beforeAll(async () => {
    // The same IdP (entityID, key), signing its XML with RSA-SHA1 / SHA-1 digests.
    sha1Idp = await createTestIdp({
      ...keys.idp,
      entityID: IDP_ENTITY_ID,
      signatureAlgorithm: 'rsa-sha1',
    });
  });

  describe('by default', () => {
    let sp: SpHarness;
    beforeAll(async () => {
      sp = await startFrontChannelSp();
    });
    afterAll(() => sp.close());

    it('a Redirect query signed with RSA-SHA1 is refused (SLO_ALGORITHM_FORBIDDEN); the session stays', async () => {
      const alice = await sp.login('alice', ['_a1']);
      const { id, url } = sp.idp.buildRedirectLogoutRequest({
        destination: sp.logoutUrl,
        nameID: 'alice',
        sessionIndexes: ['_a1'],
        signatureAlgorithm: 'rsa-sha1',
      });
      const reply = await getRedirect(url);
      expect(redirectedResponse(sp, reply)).toMatchObject(
        refusal(id, SloErrorCode.AlgorithmForbidden),
      );
      await expectLoggedIn(sp, alice);
    });

    it('a POST request with an RSA-SHA1 enveloped signature is refused (SLO_ALGORITHM_FORBIDDEN); the session stays', async () => {
      const alice = await sp.login('alice', ['_a2']);
      const { id, fields } = sha1Idp.buildPostLogoutRequest({
        destination: sp.logoutUrl,
        nameID: 'alice',
        sessionIndexes: ['_a2'],
      });
      const reply = await postForm(sp, fields);
      expect(postedResponse(sp, reply)).toMatchObject(refusal(id, SloErrorCode.AlgorithmForbidden));
      await expectLoggedIn(sp, alice);
    });
  });

  describe('with security: { allowSha1: true }', () => {
    let sp: SpHarness;
    beforeAll(async () => {
      sp = await startFrontChannelSp({ slo: { security: { allowSha1: true } } });
    });
    afterAll(() => sp.close());

    it('a Redirect query signed with RSA-SHA1 is accepted and the session ends', async () => {
      const alice = await sp.login('alice', ['_a1']);
      const { id, url } = sp.idp.buildRedirectLogoutRequest({
        destination: sp.logoutUrl,
        nameID: 'alice',
        sessionIndexes: ['_a1'],
        signatureAlgorithm: 'rsa-sha1',
      });
      const reply = await getRedirect(url);
      expect(redirectedResponse(sp, reply)).toMatchObject({
        signatureValid: true,
        inResponseTo: id,
        status: SamlStatus.Success,
      });
      expect(await sp.me(alice)).toBeNull();
    });

    it('a POST request with an RSA-SHA1 enveloped signature is accepted and the session ends', async () => {
      const alice = await sp.login('alice', ['_a2']);
      const { fields } = sha1Idp.buildPostLogoutRequest({
        destination: sp.logoutUrl,
        nameID: 'alice',
        sessionIndexes: ['_a2'],
      });
      expect(postedResponse(sp, await postForm(sp, fields)).status).toBe(SamlStatus.Success);
      expect(await sp.me(alice)).toBeNull();
    });
  });
});
