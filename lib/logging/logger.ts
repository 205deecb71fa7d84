/**
 * The logger saml-slo writes to: pino-compatible (`logger.info(object, message)`), so a
 * pino, bunyan or console-backed adapter can be passed as is. Silent by default.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * createSlo({ ...options, logger: pino() });
 * ```
 */
export interface SloLogger {
  debug(object: Record<string, unknown>, message: string): void;
  info(object: Record<string, unknown>, message: string): void;
  warn(object: Record<string, unknown>, message: string): void;
  error(object: Record<string, unknown>, message: string): void;
}

/**
 * A logger that drops everything (the default).
 *
 * @example
 * ```ts
 * const logger: SloLogger = options.logger ?? silentLogger;
 * ```
 */
export const silentLogger: SloLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
