import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { SpMetadata } from '../saml-metadata';

/** The NameID format the demo IdP issues. */
export const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

const COOKIE = 'demo-idp.sid';

/** An SP the demo IdP trusts: its metadata and a display name. */
export interface TrustedSp extends SpMetadata {
  readonly name: string;
  /** The SP's home page, for links. */
  readonly homeUrl: string;
}

/** One login the IdP issued to an SP within an IdP session: a session participant. */
export interface Participant {
  readonly sp: TrustedSp;
  readonly sessionIndex: string;
}

/** An IdP browser session: who logged in, and to which SPs since. */
export interface IdpSession {
  readonly id: string;
  readonly nameID: string;
  readonly participants: Participant[];
}

/**
 * The demo IdP's sessions, in memory. Each is tied to a browser by the `demo-idp.sid`
 * cookie (so a second SP gets a login without the form) and lists its participants (so a
 * logout can be propagated to each).
 *
 * @example
 * ```ts
 * const session = sessions.create('alice@example.com');
 * sessions.setCookie(res, session);
 * ```
 */
export class IdpSessions {
  private readonly byId = new Map<string, IdpSession>();

  /** Starts a session for `nameID`. */
  create(nameID: string): IdpSession {
    const session: IdpSession = { id: randomBytes(16).toString('hex'), nameID, participants: [] };
    this.byId.set(session.id, session);
    return session;
  }

  /** Every live session. */
  all(): IdpSession[] {
    return [...this.byId.values()];
  }

  /** The session of this browser (by cookie), if any. */
  ofBrowser(req: Request): IdpSession | undefined {
    const cookie = (req.headers.cookie ?? '')
      .split(';')
      .map((part) => part.trim().split('='))
      .find(([name]) => name === COOKIE);
    return cookie?.[1] ? this.byId.get(cookie[1]) : undefined;
  }

  /** The sessions of one user. */
  ofUser(nameID: string): IdpSession[] {
    return this.all().filter((s) => s.nameID === nameID);
  }

  /**
   * The sessions an SP's LogoutRequest names: those in which `sp` holds one of the
   * SessionIndexes, or with none given, every session of that user `sp` took part in.
   */
  named(spEntityID: string, nameID: string, sessionIndexes: readonly string[]): IdpSession[] {
    return this.ofUser(nameID).filter((s) =>
      s.participants.some(
        (p) =>
          p.sp.entityID === spEntityID &&
          (sessionIndexes.length === 0 || sessionIndexes.includes(p.sessionIndex)),
      ),
    );
  }

  /** Ends a session (its participants are the caller's to log out). */
  end(session: IdpSession): void {
    this.byId.delete(session.id);
  }

  /** Ties the browser to `session`. */
  setCookie(res: Response, session: IdpSession): void {
    res.cookie(COOKIE, session.id, { httpOnly: true, sameSite: 'lax', path: '/' });
  }

  /** Unties the browser from any session. */
  clearCookie(res: Response): void {
    res.clearCookie(COOKIE, { path: '/' });
  }
}
