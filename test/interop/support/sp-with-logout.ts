import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { Passport } from 'passport';
import { Strategy, type Profile, type VerifiedCallback } from '@node-saml/passport-saml';
import { createSlo, type IdpOptions, type Slo, type SloOptions } from '../../../lib';
import { keys } from '../../support/keys';

/** A running SP like test/support/sp-app.ts, plus SP-initiated logout at POST /sp-logout. */
export interface SpWithLogout {
  readonly baseUrl: string;
  readonly spEntityID: string;
  readonly slo: Slo;
  close(): Promise<void>;
}

/**
 * Express 5 + express-session (MemoryStore) + Passport + passport-saml `Strategy` trusting
 * `idp` (entryPoint unused), wrapped by `slo.trackLogins`; `slo.router()` at the root, the ACS
 * at POST /login/callback, GET /me, and `slo.logout()` at POST /sp-logout.
 */
export async function startSpWithLogout(
  idp: IdpOptions & { certificate: string },
  spInitiated: SloOptions['spInitiated'] = { bindings: ['redirect'] },
): Promise<SpWithLogout> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const spEntityID = `${baseUrl}/saml/metadata`;
  const slo = createSlo({
    sp: { entityID: spEntityID, baseUrl, ...keys.sp },
    // The IdP's saml-slo options only: `certificate` is for passport-saml below.
    idps: [
      {
        entityID: idp.entityID,
        signingCertificates: idp.signingCertificates,
        ...(idp.singleLogoutService ? { singleLogoutService: idp.singleLogoutService } : {}),
      },
    ],
    store: new session.MemoryStore(),
    spInitiated,
  });

  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  const verify = (profile: Profile | null, done: VerifiedCallback) =>
    done(null, { nameID: profile?.nameID, issuer: profile?.issuer });
  const strategy = new Strategy(
    {
      callbackUrl: `${baseUrl}/login/callback`,
      entryPoint: 'https://idp.test/sso',
      issuer: spEntityID,
      audience: spEntityID,
      idpCert: idp.certificate,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      acceptedClockSkewMs: 5000,
    },
    verify,
    verify,
  );
  passport.use('saml', slo.trackLogins(strategy));

  const app = express();
  app.use(
    session({
      store: slo.store,
      secret: 'test-secret',
      resave: false,
      saveUninitialized: false,
      name: 'sp.sid',
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(slo.router());
  app.post(
    '/login/callback',
    express.urlencoded({ extended: false }),
    passport.authenticate('saml', { failureRedirect: '/login-failed', successRedirect: '/me' }),
  );
  app.get('/me', (req, res) => {
    if (!req.user) return res.status(401).json({ error: 'anonymous' });
    res.json({ user: req.user, samlSlo: (req.session as { samlSlo?: unknown }).samlSlo });
  });
  app.post('/sp-logout', slo.logout());
  server.on('request', app);

  return {
    baseUrl,
    spEntityID,
    slo,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
