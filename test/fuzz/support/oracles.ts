import type { Mutation } from './mutations';
import { outcomeOf, type CodeTally } from './outcome';
import { libxml2Complaint } from './well-formed';

/**
 * The security promise: an edited message is refused with a SloError, or — when the edit
 * touched nothing signed — it verifies and reads exactly as the original.
 */
export async function refusedOrReadAsOriginal<T>(
  receive: (text: string) => Promise<T>,
  original: T,
  mutation: Mutation,
  tally?: CodeTally,
): Promise<void> {
  const outcome = await outcomeOf(() => receive(mutation.text));
  tally?.add(outcome);
  if (outcome.accepted) expect(outcome.value).toEqual(original);
}

/**
 * The parsing promise: whatever verifies after an edit is still well-formed XML, as an
 * independent parser (libxml2) reads it. parseUntrustedXml says it refuses everything else.
 */
export async function acceptedOnlyIfWellFormed<T>(
  receive: (text: string) => Promise<T>,
  mutation: Mutation,
): Promise<void> {
  const outcome = await outcomeOf(() => receive(mutation.text));
  if (outcome.accepted) expect(libxml2Complaint(mutation.text)).toBeUndefined();
}
