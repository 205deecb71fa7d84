import { startDemoIdp, type DemoIdp } from './demo-idp';
import { startDemoSp, type DemoSpHandle } from './demo-sp';

/** The running example: a demo IdP and the "Flights" SP. */
export interface Example {
  readonly idp: DemoIdp;
  readonly flights: DemoSpHandle;
  close(): Promise<void>;
}

/**
 * Starts the example with embedded defaults: MemoryStore, in-memory session index,
 * generated demo keys; no Redis. Port 0 picks free ports (tests).
 */
export async function startExample(ports: { idp: number; flights: number }): Promise<Example> {
  const idp = await startDemoIdp(ports.idp, process.env.IDP_PUBLIC_URL);
  const flights = await startDemoSp({
    name: 'Flights',
    accent: '#0d6efd',
    port: ports.flights,
    ...(process.env.FLIGHTS_PUBLIC_URL ? { publicUrl: process.env.FLIGHTS_PUBLIC_URL } : {}),
    idpUrl: idp.url,
    idpEntityID: idp.idp.entityID,
    idpCertificate: idp.idp.certificate,
  });
  idp.register({
    name: flights.name,
    entityID: flights.entityID,
    acsUrl: `${flights.url}/login/callback`,
    soapLogoutUrl: flights.slo.logoutUrl,
    certificate: flights.certificate,
  });
  const close = (server: { close(cb: () => void): void; closeAllConnections(): void }) =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    idp,
    flights,
    close: async () => {
      await close(flights.server);
      await close(idp.server);
    },
  };
}
