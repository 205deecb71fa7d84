import { createServer, type Server } from 'node:http';
import express from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy, type Profile, type VerifiedCallback } from '@node-saml/passport-saml';
// In your own app: import { createSlo } from 'saml-slo';
import { createSlo, type Slo } from '../lib';
import { generateTestKeyPair } from '../lib/testing';
import { h, page } from './html';

/** A running demo Service Provider. */
export interface DemoSpHandle {
  readonly name: string;
  readonly url: string;
  readonly entityID: string;
  readonly certificate: string;
  readonly slo: Slo;
  readonly server: Server;
}

/**
 * One demo Service Provider, wired the way the README tells users to: express-session
 * with `slo.store`, the passport-saml strategy wrapped by `slo.trackLogins`, and
 * `slo.router()` serving the back-channel logout endpoint.
 */
export async function startDemoSp(input: {
  name: string;
  accent: string;
  port: number;
  publicUrl?: string;
  idpUrl: string;
  idpEntityID: string;
  idpCertificate: string;
}): Promise<DemoSpHandle> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(input.port, '127.0.0.1', resolve));
  const address = server.address();
  const url =
    input.publicUrl ??
    `http://localhost:${typeof address === 'object' && address ? address.port : input.port}`;
  const entityID = `${url}/saml/metadata`;
  const keys = await generateTestKeyPair(`${input.name} demo SP`);

  const slo = createSlo({
    sp: { entityID, baseUrl: url, privateKey: keys.privateKey, certificate: keys.certificate },
    idps: [{ entityID: input.idpEntityID, signingCertificates: input.idpCertificate }],
    store: new session.MemoryStore(),
  });

  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  const verify = (profile: Profile | null, done: VerifiedCallback) =>
    done(null, { nameID: profile?.nameID ?? '' });
  passport.use(
    'saml',
    slo.trackLogins(
      new Strategy(
        {
          callbackUrl: `${url}/login/callback`,
          entryPoint: `${input.idpUrl}/sso`,
          issuer: entityID,
          audience: entityID,
          idpCert: input.idpCertificate,
          wantAssertionsSigned: true,
          wantAuthnResponseSigned: true,
        },
        verify,
        verify,
      ),
    ),
  );

  const app = express();
  app.use(
    session({
      store: slo.store,
      secret: `demo-${entityID}`,
      resave: false,
      saveUninitialized: false,
      name: `${input.name.toLowerCase()}.sid`,
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(slo.router());
  app.get('/login', passport.authenticate('saml'));
  app.post(
    '/login/callback',
    express.urlencoded({ extended: false }),
    passport.authenticate('saml', { successRedirect: '/', failureRedirect: '/' }),
  );
  app.get('/me', (req, res) => {
    const record = req.session.samlSlo;
    if (!req.user || !record) return res.status(401).json({ error: 'not logged in' });
    res.json({
      user: record.nameID,
      nameID: record.nameID,
      sessionIndex: record.sessionIndexes[0] ?? null,
    });
  });
  app.get('/', (req, res) => {
    const record = req.session.samlSlo;
    const body =
      req.user && record
        ? `<p id="status">Logged in as <strong>${h(record.nameID)}</strong></p>
<table><tr><th>NameID</th><td>${h(record.nameID)}</td></tr>
<tr><th>SessionIndex</th><td><code>${h(record.sessionIndexes.join(', '))}</code></td></tr>
<tr><th>IdP</th><td>${h(record.issuer)}</td></tr><tr><th>Session id</th><td><code>${h(req.sessionID)}</code></td></tr></table>`
        : `<p id="status">Not logged in.</p><p><a id="login" href="/login">Log in through the demo IdP</a></p>`;
    res.send(
      page(
        input.name,
        input.accent,
        `<header><h1>${h(input.name)}</h1><p>A demo Service Provider using saml-slo.</p></header>${body}
<p>Back-channel logout endpoint: <code>${h(slo.logoutUrl)}</code></p>`,
      ),
    );
  });
  server.on('request', app);
  return { name: input.name, url, entityID, certificate: keys.certificate, slo, server };
}
