import { SloError } from '../../../lib/errors';
import { TIME_BUDGET_MS } from './fuzz-settings';

/** What happened to one fuzzed input: accepted with a value, or refused with a SloError. */
export type Outcome<T> =
  | { readonly accepted: true; readonly value: T }
  | { readonly accepted: false; readonly error: SloError };

/**
 * Runs `work` on one input and holds it to the two promises every entry point makes:
 * whatever is wrong with the input, the only error is a `SloError` (never a TypeError,
 * RangeError or a library's own Error), and the work ends within {@link TIME_BUDGET_MS}.
 *
 * @throws when another error escapes or the time budget is exceeded (fails the property).
 */
export async function outcomeOf<T>(work: () => T | Promise<T>): Promise<Outcome<T>> {
  const started = process.hrtime.bigint();
  let outcome: Outcome<T>;
  try {
    outcome = { accepted: true, value: await work() };
  } catch (err) {
    if (!(err instanceof SloError)) {
      // Not `instanceof Error`: Node's own errors come from another realm under jest.
      const name =
        typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : typeof err;
      throw new Error(`a non-SloError escaped (${name}): ${String(err)}`, { cause: err });
    }
    outcome = { accepted: false, error: err };
  }
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (elapsedMs >= TIME_BUDGET_MS) {
    throw new Error(`one input took ${elapsedMs.toFixed(0)} ms (budget ${TIME_BUDGET_MS} ms)`);
  }
  return outcome;
}

/** Counts refusal codes over a property's runs, to show the inputs reached deep checks. */
export class CodeTally {
  readonly counts = new Map<string, number>();
  accepted = 0;

  add(outcome: Outcome<unknown>): void {
    if (outcome.accepted) {
      this.accepted += 1;
      return;
    }
    this.counts.set(outcome.error.code, (this.counts.get(outcome.error.code) ?? 0) + 1);
  }

  count(code: string): number {
    return this.counts.get(code) ?? 0;
  }
}
