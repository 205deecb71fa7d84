import { Passport } from 'passport';
import {
  Strategy,
  ValidateInResponseTo,
  type CacheProvider,
  type Profile,
  type VerifiedCallback,
} from '@node-saml/passport-saml';
import type { Slo } from '../../lib';
import type { IdpConfig } from './idp-config';

/**
 * A Passport instance with one passport-saml strategy, `saml`, wrapped by
 * `slo.trackLogins` so that every login is recorded for logout. The user is `{ nameID }`.
 *
 * @example
 * ```ts
 * const passport = createSamlPassport(slo, { url, entityID, idp, unsolicitedSso: false });
 * app.get('/login', passport.authenticate('saml'));
 * ```
 */
export function createSamlPassport(
  slo: Slo,
  options: {
    url: string;
    entityID: string;
    idp: IdpConfig;
    unsolicitedSso: boolean;
    /** Undefined: node-saml's in-memory cache. */
    cacheProvider?: CacheProvider;
  },
): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.serializeUser((user, done) => done(null, user));
  passport.deserializeUser((user: Express.User, done) => done(null, user));
  const verify = (profile: Profile | null, done: VerifiedCallback) =>
    done(null, { nameID: profile?.nameID ?? '' });
  const strategy = new Strategy(
    {
      callbackUrl: `${options.url}/login/callback`,
      entryPoint: options.idp.ssoUrl,
      issuer: options.entityID,
      audience: options.entityID,
      idpCert: options.idp.slo.signingCertificates,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      // Solicited logins must answer an AuthnRequest this SP sent (node-saml's cache: in
      // memory, or Redis with REDIS_URL). UNSOLICITED_SSO=1 also accepts a Response that
      // answers none (IdP-initiated SSO); one that names a request is still checked.
      validateInResponseTo: options.unsolicitedSso
        ? ValidateInResponseTo.ifPresent
        : ValidateInResponseTo.always,
      ...(options.cacheProvider ? { cacheProvider: options.cacheProvider } : {}),
    },
    verify,
    verify,
  );
  passport.use('saml', slo.trackLogins(strategy));
  return passport;
}
