import { createSlo, type SloOptions } from '../../../../lib';
import { validOptions } from './valid-options';

/**
 * What `createSlo` logged at start-up under `event`: the `field` of each such line, for a
 * minimal valid configuration (MemoryStore) overridden by `extra`.
 *
 * @example
 * ```ts
 * expect(loggedAtStartUp('saml_slo.replay_check', 'logoutRequests', {})).toEqual(['replay-cache']);
 * ```
 */
export function loggedAtStartUp(
  event: string,
  field: string,
  extra: Partial<SloOptions>,
): unknown[] {
  const lines: Record<string, unknown>[] = [];
  const capture = (fields: Record<string, unknown>) => void lines.push(fields);
  createSlo(
    validOptions({
      logger: { debug: capture, info: capture, warn: capture, error: capture },
      ...extra,
    }),
  );
  return lines.filter((line) => line.event === event).map((line) => line[field]);
}
