import fc from 'fast-check';
import { SloErrorCode } from '../../lib/errors';
import {
  verifyLogoutResponse,
  type VerifiedLogoutResponse,
} from '../../lib/protocol/logout-response/verify-logout-response';
import { parseUntrustedXml } from '../../lib/protocol/xml/parse-xml';
import type { TestIdp } from '../../lib/testing';
import { fuzzParameters } from './support/fuzz-settings';
import { messageMutation } from './support/mutations';
import { acceptedOnlyIfWellFormed, refusedOrReadAsOriginal } from './support/oracles';
import { CodeTally, outcomeOf } from './support/outcome';
import {
  DESTINATION,
  NOW,
  OUR_REQUEST_ID,
  fixtureIdp,
  freshContext,
  isOurRequest,
  signedLogoutResponse,
  withoutKeyInfo,
} from './support/signed-messages';

/** A LogoutResponse as received, checked against the one request the SP sent. */
function receive(xml: string): Promise<VerifiedLogoutResponse> {
  return verifyLogoutResponse(parseUntrustedXml(xml).documentElement, freshContext(), isOurRequest);
}

let idp: TestIdp;
let signed: string;
let original: VerifiedLogoutResponse;

beforeAll(async () => {
  idp = await fixtureIdp();
  signed = withoutKeyInfo(signedLogoutResponse(idp).xml);
  original = await receive(signed);
});

test('the genuine signed LogoutResponse verifies (the properties below start from it)', () => {
  expect(original).toMatchObject({
    inResponseTo: OUR_REQUEST_ID,
    status: 'urn:oasis:names:tc:SAML:2.0:status:Success',
    subStatus: 'urn:oasis:names:tc:SAML:2.0:status:PartialLogout',
  });
});

describe('one edit to a signed LogoutResponse', () => {
  test('is refused with a SloError, or reads exactly as the original', async () => {
    const tally = new CodeTally();
    await fc.assert(
      fc.asyncProperty(messageMutation(signed), (mutation) =>
        refusedOrReadAsOriginal(receive, original, mutation, tally),
      ),
      fuzzParameters(1200),
    );
    expect(tally.count('SLO_SIGNATURE_INVALID')).toBeGreaterThan(0);
  });

  test('is refused with a SloError unless the edited message is still well-formed XML', async () => {
    await fc.assert(
      fc.asyncProperty(messageMutation(signed), (mutation) =>
        acceptedOnlyIfWellFormed(receive, mutation),
      ),
      fuzzParameters(1200),
    );
  });
});

test('a genuinely signed LogoutResponse to a request the SP never sent is refused', async () => {
  const otherId = fc
    .stringMatching(/^[A-Za-z_][\w.-]{0,40}$/)
    .filter((id) => id !== OUR_REQUEST_ID);
  await fc.assert(
    fc.asyncProperty(otherId, async (inResponseTo) => {
      const { xml } = idp.buildLogoutResponse({
        inResponseTo,
        destination: DESTINATION,
        issueInstant: new Date(NOW),
      });
      const outcome = await outcomeOf(() => receive(xml));
      expect(outcome).toMatchObject({
        accepted: false,
        error: { code: SloErrorCode.MessageInvalid },
      });
    }),
    fuzzParameters(60),
  );
});
