import type { SloLogger } from '../../../lib';

/** One call to the logger. */
export interface CapturedLog {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly object: Record<string, unknown>;
  readonly message: string;
}

/** A pino-compatible logger that keeps every call, in order. */
export function capturingLogger(): { logger: SloLogger; logs: CapturedLog[] } {
  const logs: CapturedLog[] = [];
  const at =
    (level: CapturedLog['level']) => (object: Record<string, unknown>, message: string) => {
      logs.push({ level, object, message });
    };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    logs,
  };
}

/** The logged objects whose `event` is `name`, with their level. */
export function eventsNamed(logs: readonly CapturedLog[], name: string): CapturedLog[] {
  return logs.filter((entry) => entry.object.event === name);
}
