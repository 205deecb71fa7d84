import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Issues and checks the IDs of the LogoutRequests this SP sends, so that an IdP's
 * LogoutResponse can be matched to a request we really sent (`InResponseTo`) on any
 * instance and without the browser's cookie — a cross-site POST back from the IdP does not
 * carry a session cookie marked SameSite=Lax (as apps should mark it: express-session sets
 * no SameSite attribute by default). An ID is `_s` + issue time + nonce + an HMAC over
 * them and the IdP, keyed by a secret every instance derives from the SP's key; single use
 * is enforced by the replay cache on the response's own ID. Every instance must therefore
 * hold the same SP key: after a key change, answers to requests issued under the old key
 * fail the check (the user lands on `failed`, the answer is reported `refused`).
 *
 * Hand-written because no SAML library offers stateless InResponseTo checking.
 *
 * @example
 * ```ts
 * const ids = new RequestIds(secret, Date.now);
 * const id = ids.issue(idp.entityID);
 * ids.check(response.inResponseTo, idp.entityID, 600_000); // true
 * ```
 */
export class RequestIds {
  constructor(
    private readonly secret: Buffer,
    private readonly now: () => number,
  ) {}

  /** A fresh request ID bound to `idpEntityID`. */
  issue(idpEntityID: string): string {
    const body = `${this.now().toString(36)}.${randomBytes(16).toString('hex')}`;
    return `_s${body}.${this.mac(body, idpEntityID)}`;
  }

  /** True when `id` was issued by this SP (any instance) for `idpEntityID` less than `maxAgeMs` ago. */
  check(id: string | undefined, idpEntityID: string, maxAgeMs: number): boolean {
    const match = /^_s([0-9a-z]{1,12})\.([0-9a-f]{32})\.([0-9a-f]{40})$/.exec(id ?? '');
    if (!match) return false;
    const body = `${match[1]}.${match[2]}`;
    const expected = Buffer.from(this.mac(body, idpEntityID), 'hex');
    const given = Buffer.from(match[3]!, 'hex');
    if (!timingSafeEqual(expected, given)) return false;
    const age = this.now() - parseInt(match[1]!, 36);
    return age >= -60_000 && age <= maxAgeMs;
  }

  private mac(body: string, idpEntityID: string): string {
    return createHmac('sha256', this.secret)
      .update(body)
      .update('\u0000')
      .update(idpEntityID)
      .digest('hex')
      .slice(0, 40);
  }
}
