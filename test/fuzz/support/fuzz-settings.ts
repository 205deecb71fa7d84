import type { Parameters } from 'fast-check';

/**
 * One seed for the whole fuzz folder, so a failure reproduces run after run. Set
 * `FUZZ_SEED` to explore other inputs, `FUZZ_RUNS_FACTOR` (e.g. `20`) for a longer campaign.
 */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20260301);

const RUNS_FACTOR = Number(process.env.FUZZ_RUNS_FACTOR ?? 1);

/** No single input may keep the CPU longer than this (a parse or a verification). */
export const TIME_BUDGET_MS = 1000;

/** fast-check parameters: the fixed seed and `numRuns` (scaled by `FUZZ_RUNS_FACTOR`). */
export function fuzzParameters<T>(
  numRuns: number,
  extra: Omit<Parameters<T>, 'seed' | 'numRuns'> = {},
): Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: Math.max(1, Math.round(numRuns * RUNS_FACTOR)), ...extra };
}
