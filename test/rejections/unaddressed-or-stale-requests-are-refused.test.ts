import { keys } from '../support/keys';
import {
  NOBODYS_SESSION_INDEX,
  STATUS,
  expectSamlRefusal,
  inSoap11Envelope,
  logoutRequestForAlicesSession,
  startSpWithLiveSessions,
  type SpWithLiveSessions,
} from './support/live-sessions';

const MINUTE = 60_000;

/**
 * A correctly signed LogoutRequest that is not from a configured IdP, not addressed to
 * this endpoint, outside its time window, or already processed, is answered with a
 * signed Requester/RequestDenied LogoutResponse naming the stable code, and ends no
 * session.
 */
describe('SOAP LogoutRequest from the wrong issuer, to the wrong place, or at the wrong time', () => {
  let live: SpWithLiveSessions;

  beforeAll(async () => {
    live = await startSpWithLiveSessions();
  });
  afterEach(async () => {
    await live.expectEveryoneStillLoggedIn();
  });
  afterAll(async () => {
    await live.close();
  });

  async function postRequest(request: { xml: string }) {
    return live.sp.postSoap(inSoap11Envelope(request.xml));
  }

  it('refuses a request from an Issuer that is not a configured IdP with SLO_ISSUER_UNKNOWN', async () => {
    const fromUnknownIssuer = logoutRequestForAlicesSession(live.sp, {
      issuer: 'https://unknown-idp.test/metadata',
    });
    expectSamlRefusal(live.sp, await postRequest(fromUnknownIssuer), {
      code: 'SLO_ISSUER_UNKNOWN',
      inResponseTo: fromUnknownIssuer.id,
    });
  });

  it('refuses a request signed by an unknown IdP’s own key with SLO_ISSUER_UNKNOWN', async () => {
    const fromUnknownIdpWithItsKey = logoutRequestForAlicesSession(live.sp, {
      issuer: 'https://unknown-idp.test/metadata',
      signWith: keys.other,
    });
    expectSamlRefusal(live.sp, await postRequest(fromUnknownIdpWithItsKey), {
      code: 'SLO_ISSUER_UNKNOWN',
      inResponseTo: fromUnknownIdpWithItsKey.id,
    });
  });

  it('refuses a request whose Destination is another endpoint with SLO_DESTINATION_MISMATCH', async () => {
    const toAnotherEndpoint = logoutRequestForAlicesSession(live.sp, {
      destination: 'https://other-sp.test/saml/logout',
    });
    expectSamlRefusal(live.sp, await postRequest(toAnotherEndpoint), {
      code: 'SLO_DESTINATION_MISMATCH',
      inResponseTo: toAnotherEndpoint.id,
    });
  });

  it('refuses a request with no Destination with SLO_DESTINATION_MISMATCH', async () => {
    const withoutDestination = logoutRequestForAlicesSession(live.sp, { destination: undefined });
    expect(withoutDestination.xml).not.toContain('Destination=');
    expectSamlRefusal(live.sp, await postRequest(withoutDestination), {
      code: 'SLO_DESTINATION_MISMATCH',
      inResponseTo: withoutDestination.id,
    });
  });

  it('refuses a request issued an hour ago with SLO_MESSAGE_EXPIRED', async () => {
    const issuedAnHourAgo = logoutRequestForAlicesSession(live.sp, {
      issueInstant: new Date(Date.now() - 60 * MINUTE),
    });
    expectSamlRefusal(live.sp, await postRequest(issuedAnHourAgo), {
      code: 'SLO_MESSAGE_EXPIRED',
      inResponseTo: issuedAnHourAgo.id,
    });
  });

  it('refuses a request issued ten minutes in the future with SLO_MESSAGE_EXPIRED', async () => {
    const issuedInTheFuture = logoutRequestForAlicesSession(live.sp, {
      issueInstant: new Date(Date.now() + 10 * MINUTE),
    });
    expectSamlRefusal(live.sp, await postRequest(issuedInTheFuture), {
      code: 'SLO_MESSAGE_EXPIRED',
      inResponseTo: issuedInTheFuture.id,
    });
  });

  it('refuses a request whose NotOnOrAfter has passed with SLO_MESSAGE_EXPIRED', async () => {
    const pastNotOnOrAfter = logoutRequestForAlicesSession(live.sp, {
      notOnOrAfter: new Date(Date.now() - 10 * MINUTE),
    });
    expectSamlRefusal(live.sp, await postRequest(pastNotOnOrAfter), {
      code: 'SLO_MESSAGE_EXPIRED',
      inResponseTo: pastNotOnOrAfter.id,
    });
  });

  it('answers a request for a session nobody has with Success, then refuses the same request replayed with SLO_MESSAGE_REPLAYED', async () => {
    const forNobodysSession = logoutRequestForAlicesSession(live.sp, {
      sessionIndexes: [NOBODYS_SESSION_INDEX],
    });
    const first = await postRequest(forNobodysSession);
    expect(first.status).toBe(200);
    expect(live.sp.idp.readLogoutResponse(first.body, keys.sp.certificate)).toMatchObject({
      signatureValid: true,
      status: STATUS.success,
      inResponseTo: forNobodysSession.id,
    });
    await live.expectEveryoneStillLoggedIn();

    const replayed = await postRequest(forNobodysSession);
    expectSamlRefusal(live.sp, replayed, {
      code: 'SLO_MESSAGE_REPLAYED',
      inResponseTo: forNobodysSession.id,
    });
  });

  it('refuses a replayed ID even when the replay names alice’s live session', async () => {
    const id = `_replayed-${Date.now()}`;
    const original = logoutRequestForAlicesSession(live.sp, {
      id,
      sessionIndexes: [NOBODYS_SESSION_INDEX],
    });
    expect((await postRequest(original)).status).toBe(200);
    const sameIdForAlicesSession = logoutRequestForAlicesSession(live.sp, { id });
    expectSamlRefusal(live.sp, await postRequest(sameIdForAlicesSession), {
      code: 'SLO_MESSAGE_REPLAYED',
      inResponseTo: id,
    });
  });

  it('still ends alice’s session for a valid request after all of the above', async () => {
    await live.expectValidLogoutStillEndsAlicesSession();
  });
});
