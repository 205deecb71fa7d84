import { createServer, type RequestListener, type Server } from 'node:http';

/**
 * One party's HTTP listener that can be stopped and started again on the same port: how
 * the example simulates an outage of the "Cars" SP.
 *
 * @example
 * ```ts
 * const endpoint = await listen(0, '127.0.0.1');
 * endpoint.setHandler(app);
 * await endpoint.stop(); // connections refused now
 * await endpoint.start(); // same port again
 * ```
 */
export interface HttpEndpoint {
  /** The port actually bound (the free one chosen when asked for port 0). */
  readonly port: number;
  /** `http://localhost:<port>`, the default public URL. */
  readonly localUrl: string;
  /** Whether the port is accepting connections. */
  readonly running: boolean;
  /** Sets the request handler (an Express app). */
  setHandler(handler: RequestListener): void;
  /** Closes the listener and every open connection. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/**
 * Starts listening on `port` (0 picks a free one) at `host`.
 *
 * @example
 * ```ts
 * const endpoint = await listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
 * ```
 */
export async function listen(port: number, host: string): Promise<HttpEndpoint> {
  let handler: RequestListener = (_req, res) => res.writeHead(503).end('starting');
  let server: Server | undefined;
  let boundPort = port;
  const start = async () => {
    if (server) return;
    const next = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(boundPort, host, () => {
        next.off('error', reject);
        resolve();
      });
    });
    const address = next.address();
    if (address && typeof address === 'object') boundPort = address.port;
    server = next;
  };
  const stop = async () => {
    const running = server;
    server = undefined;
    if (!running) return;
    running.closeAllConnections();
    await new Promise<void>((resolve) => running.close(() => resolve()));
  };
  await start();
  return {
    get port() {
      return boundPort;
    },
    get localUrl() {
      return `http://localhost:${boundPort}`;
    },
    get running() {
      return server !== undefined;
    },
    setHandler: (next) => {
      handler = next;
    },
    stop,
    start,
  };
}
