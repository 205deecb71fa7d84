import { SloError, type SloErrorCodeValue } from '../../../lib/errors';

/** Runs `fn` and returns the SloError it throws (or rejects with); fails when it does not. */
export async function caughtSloError(fn: () => unknown): Promise<SloError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof SloError) return err;
    throw new Error(`expected a SloError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a SloError, but nothing was thrown');
}

/** The synchronous twin of {@link caughtSloError}. */
export function caughtSloErrorSync(fn: () => unknown): SloError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SloError) return err;
    throw new Error(`expected a SloError, got ${String(err)}`, { cause: err });
  }
  throw new Error('expected a SloError, but nothing was thrown');
}

/** The code of the SloError `fn` throws synchronously. */
export function codeOf(fn: () => unknown): SloErrorCodeValue {
  return caughtSloErrorSync(fn).code;
}
