import { deflateRawSync } from 'node:zlib';
import {
  SamlStatus,
  SloError,
  SloErrorCode,
  type SloMetrics,
  type SpLogoutResultEvent,
} from '../../lib';
import { keys } from '../support/keys';
import { startSoapIdp, unreachableUrl, type SoapIdp } from './support/soap-idp';
import {
  answerByPost,
  answerByRedirect,
  fixtureIdp,
  startSpLogoutApp,
  type SpLogoutApp,
  type SpLogoutAppOptions,
} from './support/sp-logout-app';

type SpLogoutLabels = Parameters<SloMetrics['spLogoutCompleted']>[0];

/** An SP whose `onSpLogoutResult` hook and `spLogoutCompleted` metric record what they are told. */
async function startReportingApp(options: SpLogoutAppOptions = {}) {
  const events: SpLogoutResultEvent[] = [];
  const labels: SpLogoutLabels[] = [];
  const app = await startSpLogoutApp({
    ...options,
    slo: {
      ...options.slo,
      hooks: { onSpLogoutResult: (event) => void events.push(event) },
      metrics: {
        logoutHandled: () => undefined,
        sessionsDestroyed: () => undefined,
        spLogoutCompleted: (l) => void labels.push(l),
      },
    },
  });
  return { app, events, labels };
}

describe("SP-initiated logout: a browser's answer that fails verification is reported 'refused'; an answer saml-slo could not check, or a bad one over SOAP, 'failed'", () => {
  describe('front channel (anyone can send the browser, or curl, to /saml/logout)', () => {
    let app: SpLogoutApp;
    let events: SpLogoutResultEvent[];
    let labels: SpLogoutLabels[];
    beforeAll(async () => {
      ({ app, events, labels } = await startReportingApp());
    });
    afterAll(() => app.close());
    beforeEach(() => {
      events.length = 0;
      labels.length = 0;
    });

    async function ourRequestId(nameID: string): Promise<string> {
      const cookie = await app.login({ nameID, sessionIndexes: ['_s1'] });
      const started = await app.startLogout(cookie);
      return app.idp.readLogoutRequest({ redirectUrl: started.location! }, keys.sp.certificate).id;
    }

    it('a parseable SAMLResponse that is no LogoutResponse at all (unsigned "<x/>") → refused, lands on failed', async () => {
      const forged = encodeURIComponent(deflateRawSync(Buffer.from('<x/>')).toString('base64'));

      const landing = await app.get(`${app.localLogoutUrl}?SAMLResponse=${forged}`);

      expect(landing.location).toBe('/?saml_logout=failed');
      expect(events).toEqual([
        { binding: 'redirect', result: 'refused', code: SloErrorCode.MessageUnexpected },
      ]);
      expect(labels).toEqual([{ binding: 'redirect', result: 'refused' }]);
    });

    it('an unsigned POST answer naming our request → refused (SLO_SIGNATURE_MISSING), lands on failed', async () => {
      const landing = await answerByPost(app, await ourRequestId('alice'), { sign: false });

      expect(landing.location).toBe('/?saml_logout=failed');
      expect(events).toEqual([
        { binding: 'post', result: 'refused', code: SloErrorCode.SignatureMissing },
      ]);
      expect(labels).toEqual([{ binding: 'post', result: 'refused' }]);
    });

    it('a signed answer to a request this SP never sent → refused (SLO_MESSAGE_INVALID), lands on failed', async () => {
      const landing = await answerByRedirect(app, '_not-a-request-of-ours', {
        status: 'Responder',
      });

      expect(landing.location).toBe('/?saml_logout=failed');
      expect(events).toEqual([
        { binding: 'redirect', result: 'refused', code: SloErrorCode.MessageInvalid },
      ]);
      expect(labels).toEqual([{ binding: 'redirect', result: 'refused' }]);
    });

    it("the IdP's signed answer while the replay cache does not answer → failed (SLO_SESSION_INDEX_UNAVAILABLE), not refused", async () => {
      const down = await startReportingApp({
        slo: {
          replayCache: {
            remember: async () => {
              throw new SloError(SloErrorCode.SessionIndexUnavailable, 'Redis down');
            },
          },
        },
      });
      try {
        const cookie = await down.app.login({ nameID: 'carol', sessionIndexes: ['_s1'] });
        const started = await down.app.startLogout(cookie);
        const { id } = down.app.idp.readLogoutRequest(
          { redirectUrl: started.location! },
          keys.sp.certificate,
        );

        const landing = await answerByRedirect(down.app, id);

        expect(landing.location).toBe('/?saml_logout=failed');
        expect(down.events).toEqual([
          { binding: 'redirect', result: 'failed', code: SloErrorCode.SessionIndexUnavailable },
        ]);
        expect(down.labels).toEqual([{ binding: 'redirect', result: 'failed' }]);
      } finally {
        await down.app.close();
      }
    });

    it("the IdP's signed Responder answer to our request → failed, with its issuer and no code", async () => {
      const landing = await answerByRedirect(app, await ourRequestId('bob'), {
        status: SamlStatus.Responder,
      });

      expect(landing.location).toBe('/?saml_logout=failed');
      expect(events).toEqual([{ binding: 'redirect', result: 'failed', issuer: app.idp.entityID }]);
      expect(labels).toEqual([{ binding: 'redirect', result: 'failed' }]);
    });
  });

  describe('SOAP (the answer comes back on our own connection: a bad one is the IdP’s, failed)', () => {
    const started: { app: SpLogoutApp; idp?: SoapIdp }[] = [];
    afterAll(async () => {
      for (const { app, idp } of started) {
        await app.close();
        await idp?.close();
      }
    });

    it('an answer signed by another key (an IdP key rollover not configured here) → failed (SLO_SIGNATURE_INVALID)', async () => {
      const idp = await startSoapIdp(await fixtureIdp(), () => ({ signWith: keys.other }));
      const { app, events, labels } = await startReportingApp({ endpoints: { soap: idp.url } });
      started.push({ app, idp });
      const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });

      const landing = await app.startLogout(cookie);

      expect(idp.requests).toHaveLength(1);
      expect(landing.location).toBe('/?saml_logout=failed');
      expect(events).toEqual([
        {
          binding: 'soap',
          result: 'failed',
          issuer: app.idp.entityID,
          code: SloErrorCode.SignatureInvalid,
        },
      ]);
      expect(labels).toEqual([{ binding: 'soap', result: 'failed' }]);
    });

    it('an IdP that cannot be reached → failed (SLO_IDP_UNREACHABLE)', async () => {
      const { app, events, labels } = await startReportingApp({
        endpoints: { soap: await unreachableUrl() },
      });
      started.push({ app });
      const cookie = await app.login({ nameID: 'alice', sessionIndexes: ['_s1'] });

      const landing = await app.startLogout(cookie);

      expect(landing.location).toBe('/?saml_logout=failed');
      expect(events).toEqual([
        {
          binding: 'soap',
          result: 'failed',
          issuer: app.idp.entityID,
          code: SloErrorCode.IdpUnreachable,
        },
      ]);
      expect(labels).toEqual([{ binding: 'soap', result: 'failed' }]);
    });
  });
});
