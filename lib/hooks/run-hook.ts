import type { SloLogger } from '../logging/logger';

/**
 * Runs one app hook, contained: whatever it throws or rejects with is logged with the
 * stable event `saml_slo.hook_failed` and turned into `undefined`, so a hook can neither
 * crash the process nor change an outcome by failing. Bounded by `timeoutMs` so a hung
 * hook cannot hang a logout.
 *
 * @example
 * ```ts
 * const veto = await runHook('beforeLogout', () => hooks.beforeLogout(event), logger);
 * ```
 */
export async function runHook<T>(
  name: string,
  call: () => T | Promise<T>,
  logger: SloLogger,
  timeoutMs = 5000,
): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = call();
    // A hook that answered synchronously (the defaults, and most) has nothing to wait for:
    // no timer, no race, on every logout.
    if (!isThenable(result)) return result;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`hook ${name} did not finish within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    return await Promise.race([result, timeout]);
  } catch (err) {
    logger.error(
      { event: 'saml_slo.hook_failed', hook: name, cause: String(err) },
      'a saml-slo hook failed',
    );
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

function isThenable<T>(value: T | Promise<T>): value is Promise<T> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
