import express from 'express';
import { createTestIdp, type TestIdp } from '../../lib/testing';
import { formField } from '../form-field';
import { listen, type HttpEndpoint } from '../listen';
import { readSpMetadata } from '../saml-metadata';
import type { IdpContext, OutageSwitch } from './idp-context';
import { buildIdpMetadata } from './idp-metadata';
import { IdpSessions, type TrustedSp } from './idp-sessions';
import { homePage } from './idp-pages';
import { sloRoutes } from './slo-routes';
import { ssoRoutes } from './sso-routes';

/**
 * A running DEMO Identity Provider, built on saml-slo's signing test IdP
 * (`saml-slo/testing`): no passwords, pick a user and you are logged in. It keeps a browser
 * session (so the second SP needs no form), tracks each session's participants, and
 * propagates logout to each by the binding its metadata offers. Never use it for anything
 * but trying saml-slo.
 *
 * @example
 * ```ts
 * const idp = await startDemoIdp({ port: 4000 });
 * idp.trustSp({ name: 'Flights', homeUrl: 'http://localhost:3000/', metadata: await slo.metadata() });
 * ```
 */
export interface DemoIdp {
  /** The signing test IdP underneath (its key, certificate and message builders). */
  readonly idp: TestIdp;
  /** Public base URL. */
  readonly url: string;
  /** `${url}/metadata`. */
  readonly entityID: string;
  readonly sessions: IdpSessions;
  readonly endpoint: HttpEndpoint;
  /** The IdP metadata document (also served at `/metadata`). */
  metadata(): string;
  /** Trusts an SP, configured from its metadata (entityID, certificate, ACS, SLO endpoints). */
  trustSp(input: { name: string; homeUrl: string; metadata: string }): TrustedSp;
  /** Shows "Simulate <name> outage" / "Restore <name>" on the IdP page. */
  addOutageSwitch(control: OutageSwitch): void;
  close(): Promise<void>;
}

/**
 * Starts the demo IdP on `port` (0: a free one) at `host` (default 127.0.0.1); its public
 * URL is `publicUrl` or `http://localhost:<port>`.
 *
 * @example
 * ```ts
 * const idp = await startDemoIdp({ port: 0, log: (line) => console.log(`[IdP] ${line}`) });
 * ```
 */
export async function startDemoIdp(options: {
  port: number;
  host?: string;
  publicUrl?: string;
  log?: (line: string) => void;
}): Promise<DemoIdp> {
  const endpoint = await listen(options.port, options.host ?? '127.0.0.1');
  const url = options.publicUrl ?? endpoint.localUrl;
  const idp = await createTestIdp({ entityID: `${url}/metadata` });
  const ctx: IdpContext = {
    idp,
    url,
    sloUrl: `${url}/slo`,
    sessions: new IdpSessions(),
    sps: new Map(),
    jobs: new Map(),
    switches: new Map(),
    history: [],
    log: options.log ?? (() => undefined),
  };
  const metadata = () =>
    buildIdpMetadata({ entityID: idp.entityID, baseUrl: url, certificate: idp.certificate });

  const app = express();
  app.use(express.urlencoded({ extended: false }));
  app.get('/', (req, res) => {
    res.send(homePage(ctx, ctx.sessions.ofBrowser(req)));
  });
  app.get('/metadata', (_req, res) => {
    res.type('application/samlmetadata+xml').send(metadata());
  });
  app.use(ssoRoutes(ctx));
  app.use(sloRoutes(ctx));
  app.post('/demo/outage', async (req, res) => {
    const control = ctx.switches.get(formField(req, 'sp'));
    if (control && formField(req, 'action') === 'stop') await control.stop();
    if (control && formField(req, 'action') === 'start') await control.start();
    ctx.log(`${control?.name ?? '?'} is ${control?.running ? 'running' : 'stopped'}`);
    res.redirect(303, '/');
  });
  endpoint.setHandler(app);

  return {
    idp,
    url,
    entityID: idp.entityID,
    sessions: ctx.sessions,
    endpoint,
    metadata,
    trustSp: (input) => {
      const sp: TrustedSp = {
        ...readSpMetadata(input.metadata),
        name: input.name,
        homeUrl: input.homeUrl,
      };
      ctx.sps.set(sp.entityID, sp);
      return sp;
    },
    addOutageSwitch: (control) => {
      ctx.switches.set(control.name, control);
    },
    close: () => endpoint.stop(),
  };
}
