import type { SloHooks } from './hook-events';

/**
 * The hooks saml-slo runs when the app passes none: each does nothing, so logout behaves
 * exactly as described without any app code.
 *
 * @example
 * ```ts
 * const hooks = { ...DEFAULT_HOOKS, ...options.hooks };
 * ```
 */
export const DEFAULT_HOOKS: Required<SloHooks> = {
  beforeLogout: () => undefined,
  onSessionDestroyed: () => undefined,
  afterLogout: () => undefined,
  onSpLogoutResult: () => undefined,
};
