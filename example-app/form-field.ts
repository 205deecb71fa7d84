import type { Request } from 'express';

/**
 * A field of a urlencoded form body (`express.urlencoded()`), or `''`.
 *
 * @example
 * ```ts
 * const nameID = formField(req, 'nameID').trim();
 * ```
 */
export function formField(req: Request, name: string): string {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null) return '';
  const value: unknown = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
