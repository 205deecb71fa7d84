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

/**
 * `logger` with every call contained: a logger that throws or rejects (a full disk, a broken
 * transport) must never change a logout's outcome or crash the process, so its error is
 * dropped. The silent logger is returned as is.
 *
 * @example
 * ```ts
 * const logger = containLogger(options.logger ?? silentLogger);
 * logger.warn({ event: 'x' }, 'never throws');
 * ```
 */
export function containLogger(logger: SloLogger): SloLogger {
  if (logger === silentLogger) return logger;
  const contained =
    (level: keyof SloLogger) => (object: Record<string, unknown>, message: string) => {
      try {
        // An async logger's rejection is dropped too (an unhandled one would end the process).
        const result: unknown = logger[level](object, message);
        if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
          (result as PromiseLike<unknown>).then(undefined, () => undefined);
        }
      } catch {
        // Nowhere left to report it: the logger is what failed.
      }
    };
  return {
    debug: contained('debug'),
    info: contained('info'),
    warn: contained('warn'),
    error: contained('error'),
  };
}
