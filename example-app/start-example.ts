import { readFile } from 'node:fs/promises';
import type { SloLogger } from '../lib';
import { startDemoIdp, type DemoIdp } from './idp/demo-idp';
import { startDemoSp, type DemoSpHandle } from './sp/demo-sp';
import { idpConfigFromMetadata, loadMetadata } from './sp/idp-config';
import { memoryBackend, redisBackend } from './sp/session-backend';
import type { Link } from './sp/sp-pages';

/** Who is speaking in the example's log: `IdP`, `Flights` or `Cars`. */
export type ExampleLog = (party: string, line: string) => void;

/**
 * Options of {@link startExample}; `exampleOptionsFromEnv` reads them from the environment.
 *
 * @example
 * ```ts
 * const options: ExampleOptions = { ports: { idp: 0, flights: 0, cars: 0 } };
 * ```
 */
export interface ExampleOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 for each (free ports): `npm run example` uses 4000, 3000, 3001. */
  readonly ports?: { readonly idp?: number; readonly flights?: number; readonly cars?: number };
  /** Public base URLs, when not `http://localhost:<port>` (a proxy, a container). */
  readonly publicUrls?: {
    readonly idp?: string;
    readonly flights?: string;
    readonly cars?: string;
  };
  /** Redis for both SPs (connect-redis + RedisSessionIndex/RedisReplayCache), per-SP key prefixes. */
  readonly redisUrl?: string;
  /**
   * An external IdP's metadata (file path or http(s) URL) for both SPs. The demo IdP is
   * then not started: register the SPs' metadata (`/saml/metadata`) at your IdP.
   */
  readonly idpMetadata?: string;
  /**
   * A PEM certificate file: the external IdP's metadata must carry a valid signature by it
   * (`idpFromMetadata`'s `signedBy`) and a `validUntil` on its root at most 14 days ahead,
   * or the example does not start. Use it whenever `idpMetadata` is fetched over a network.
   */
  readonly idpMetadataSigner?: string;
  /**
   * With `idpMetadataSigner`: how far ahead the metadata's `validUntil` may lie, in ms
   * (`idpFromMetadata`'s `maxValidityMs`, default 14 days), or `false` for an IdP that
   * publishes no `validUntil` (Entra ID, ADFS).
   */
  readonly idpMetadataMaxValidityMs?: number | false;
  /** Accept IdP-initiated (unsolicited) SSO at both SPs. Default false. */
  readonly unsolicitedSso?: boolean;
  /** Where the parties say what they do. Default: nowhere. */
  readonly log?: ExampleLog;
}

/**
 * The running example: a demo IdP and two SPs, "Flights" and "Cars".
 *
 * @example
 * ```ts
 * const example = await startExample({ ports: { idp: 0, flights: 0, cars: 0 } });
 * await example.cars.stop(); // an outage: logout from Flights is now partial
 * await example.close();
 * ```
 */
export interface Example {
  /** The demo IdP; undefined when the SPs use an external IdP (`idpMetadata`). */
  readonly idp: DemoIdp | undefined;
  readonly flights: DemoSpHandle;
  readonly cars: DemoSpHandle;
  /** Stops every party and closes their Redis connections. */
  close(): Promise<void>;
}

/**
 * Starts the example with embedded defaults: MemoryStore, in-memory session index, demo
 * keys generated at start-up, no Redis. Both SPs are configured from the IdP's metadata
 * (saml-slo's `idpFromMetadata`), and the demo IdP from the SPs' metadata.
 *
 * @example
 * ```ts
 * const example = await startExample(exampleOptionsFromEnv(process.env));
 * ```
 */
export async function startExample(options: ExampleOptions = {}): Promise<Example> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log;
  const idp = options.idpMetadata
    ? undefined
    : await startDemoIdp({
        port: options.ports?.idp ?? 0,
        host,
        ...(options.publicUrls?.idp ? { publicUrl: options.publicUrls.idp } : {}),
        ...(log ? { log: (line: string) => log('IdP', line) } : {}),
      });
  const idpConfig = idpConfigFromMetadata(
    idp ? idp.metadata() : await loadMetadata(options.idpMetadata!),
    options.idpMetadataSigner ? await readFile(options.idpMetadataSigner, 'utf8') : undefined,
    options.idpMetadataMaxValidityMs,
  );
  const links: Link[] = [];
  const startSp = async (name: string, accent: string, port?: number, publicUrl?: string) =>
    startDemoSp({
      name,
      accent,
      port: port ?? 0,
      host,
      ...(publicUrl ? { publicUrl } : {}),
      idp: idpConfig,
      backend: options.redisUrl
        ? await redisBackend(options.redisUrl, name.toLowerCase())
        : memoryBackend(),
      unsolicitedSso: options.unsolicitedSso ?? false,
      links,
      ...(log ? { logger: consoleLogger(name, log) } : {}),
    });
  const flights = await startSp(
    'Flights',
    '#0d6efd',
    options.ports?.flights,
    options.publicUrls?.flights,
  );
  const cars = await startSp('Cars', '#198754', options.ports?.cars, options.publicUrls?.cars);
  if (idp) links.push({ label: 'Demo IdP', url: `${idp.url}/` });
  links.push({ label: 'Flights', url: `${flights.url}/` }, { label: 'Cars', url: `${cars.url}/` });
  if (idp) {
    for (const sp of [flights, cars]) {
      idp.trustSp({ name: sp.name, homeUrl: `${sp.url}/`, metadata: await sp.slo.metadata() });
    }
    idp.addOutageSwitch(cars);
  }
  return {
    idp,
    flights,
    cars,
    close: async () => {
      await Promise.all([flights.close(), cars.close(), idp?.close()]);
    },
  };
}

const LOGGED_FIELDS = ['binding', 'result', 'status', 'sessionsDestroyed', 'code'];

/** saml-slo's log lines (info and up), one per event, with a few of their fields. */
function consoleLogger(party: string, log: ExampleLog): SloLogger {
  const line = (object: Record<string, unknown>, message: string) => {
    const fields = LOGGED_FIELDS.filter((k) => object[k] !== undefined)
      .map((k) => `${k}=${String(object[k]).replace('urn:oasis:names:tc:SAML:2.0:status:', '')}`)
      .join(' ');
    log(party, fields ? `${message} (${fields})` : message);
  };
  return { debug: () => undefined, info: line, warn: line, error: line };
}
