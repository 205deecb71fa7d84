import { Counter, Histogram, type Registry } from 'prom-client';
import type { SloMetrics } from '../../../lib';

/** saml-slo's metrics as Prometheus counters and a histogram, registered on `registry`. */
export function promClientMetrics(registry: Registry): SloMetrics {
  const logouts = new Counter({
    name: 'saml_slo_logout_requests_total',
    help: 'Inbound logouts (LogoutRequests and slo.logoutUser), by binding, outcome and code',
    labelNames: ['binding', 'outcome', 'code'] as const,
    registers: [registry],
  });
  const destroyed = new Counter({
    name: 'saml_slo_sessions_destroyed_total',
    help: 'Sessions ended by inbound logouts',
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'saml_slo_logout_duration_seconds',
    help: 'Time to handle an inbound logout, by binding',
    labelNames: ['binding'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const spLogouts = new Counter({
    name: 'saml_slo_sp_logouts_total',
    help: 'SP-initiated logouts, by binding and result',
    labelNames: ['binding', 'result'] as const,
    registers: [registry],
  });
  return {
    logoutHandled: ({ binding, outcome, code }, seconds) => {
      logouts.inc({ binding, outcome, code });
      duration.observe({ binding }, seconds);
    },
    sessionsDestroyed: (count) => destroyed.inc(count),
    spLogoutCompleted: ({ binding, result }) => spLogouts.inc({ binding, result }),
  };
}
