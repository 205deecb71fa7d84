/**
 * Where saml-slo reports what it does, without depending on a metrics library: implement
 * it over prom-client, OpenTelemetry or StatsD (README has a prom-client recipe). The
 * default does nothing. Implementations must not throw.
 *
 * @example
 * ```ts
 * const metrics: SloMetrics = {
 *   logoutHandled: (labels, seconds) => histogram.observe(labels, seconds),
 *   sessionsDestroyed: (n) => destroyed.inc(n),
 *   spLogoutCompleted: (labels) => spLogouts.inc(labels),
 * };
 * ```
 */
export interface SloMetrics {
  /** One inbound logout (LogoutRequest or admin call) ended; `outcome` is the status's last segment. */
  logoutHandled(
    labels: { binding: string; outcome: string; code: string },
    durationSeconds: number,
  ): void;
  /** Sessions a logout destroyed. */
  sessionsDestroyed(count: number): void;
  /**
   * An SP-initiated logout ended. `result` is `complete`, `partial` or `failed` for an IdP
   * answer that passed verification (`failed` also for an unreachable IdP, a SOAP answer that
   * failed verification, or an answer saml-slo could not check), `refused` for an answer the
   * browser brought that failed verification: anyone can send one, so alert on `failed`, not
   * on `refused`. Both labels take a fixed set of values.
   */
  spLogoutCompleted(labels: { binding: string; result: string }): void;
}

/**
 * Metrics that go nowhere (the default).
 *
 * @example
 * ```ts
 * const metrics = options.metrics ?? NO_METRICS;
 * ```
 */
export const NO_METRICS: SloMetrics = {
  logoutHandled: () => undefined,
  sessionsDestroyed: () => undefined,
  spLogoutCompleted: () => undefined,
};
