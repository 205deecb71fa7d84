import type { SloErrorCodeValue } from './error-codes';

/**
 * The one error class saml-slo throws or reports. `code` is stable; `message` is for
 * operators and is never sent to the IdP or the browser.
 *
 * @example
 * ```ts
 * import { SloError } from 'saml-slo';
 * try {
 *   createSlo(options);
 * } catch (err) {
 *   if (err instanceof SloError && err.code === 'SLO_OPTION_INVALID') console.error(err.option, err.message);
 * }
 * ```
 */
export class SloError extends Error {
  /** Stable machine-readable code, one of {@link SloErrorCode}. */
  readonly code: SloErrorCodeValue;
  /** For option errors: the option's path, e.g. `sp.privateKey`. */
  readonly option?: string;
  /**
   * For errors about a received SAML message: its `ID` attribute when it could be read
   * and is a well-formed XML ID, so a response can carry `InResponseTo`.
   */
  readonly inResponseTo?: string;

  constructor(
    code: SloErrorCodeValue,
    message: string,
    details: { option?: string; inResponseTo?: string; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SloError';
    this.code = code;
    if (details.option !== undefined) this.option = details.option;
    if (details.inResponseTo !== undefined) this.inResponseTo = details.inResponseTo;
  }

  /**
   * Returns a copy of this error that names the message it is about.
   *
   * @example
   * ```ts
   * throw err.withInResponseTo('_abc123');
   * ```
   */
  withInResponseTo(id: string | undefined): SloError {
    if (id === undefined || this.inResponseTo !== undefined) return this;
    const copy = new SloError(this.code, this.message, {
      inResponseTo: id,
      cause: this.cause,
      ...(this.option === undefined ? {} : { option: this.option }),
    });
    copy.stack = this.stack;
    return copy;
  }
}

/**
 * True when `value` is a {@link SloError}.
 *
 * @example
 * ```ts
 * if (isSloError(err)) log.warn({ code: err.code }, 'logout refused');
 * ```
 */
export function isSloError(value: unknown): value is SloError {
  return value instanceof SloError;
}

/**
 * `err` itself when it is a {@link SloError}, else a new one with `code` and `message`
 * wrapping it as `cause` — so every failure leaves saml-slo with a stable code.
 *
 * @example
 * ```ts
 * } catch (err) {
 *   const error = toSloError(err, SloErrorCode.Internal, 'verification failed');
 * }
 * ```
 */
export function toSloError(err: unknown, code: SloErrorCodeValue, message: string): SloError {
  return err instanceof SloError ? err : new SloError(code, message, { cause: err });
}
