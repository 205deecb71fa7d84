import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP relay on loopback in front of a real server, which a test can cut and restore. */
export interface TcpRelay {
  readonly port: number;
  /** Closes every relayed connection and stops listening: the server seems gone. */
  cut(): Promise<void>;
  /** Listens again on the same port. */
  restore(): Promise<void>;
}

/**
 * Relays 127.0.0.1:`port` to 127.0.0.1:`targetPort`. Cutting it looks to a client like a
 * network partition: the server behind keeps its state (a Redis keeps its script cache),
 * unlike a restarted server.
 *
 * @example
 * ```ts
 * const relay = await startTcpRelay(redis.port);
 * const client = await connectRedis(`redis://127.0.0.1:${relay.port}`);
 * await relay.cut();
 * ```
 */
export async function startTcpRelay(targetPort: number): Promise<TcpRelay> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0; // chosen by the first listen, reused by restore
  const listen = async () => {
    const s = createServer((inbound) => {
      const outbound = connect(targetPort, '127.0.0.1');
      for (const socket of [inbound, outbound]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      inbound.on('close', () => outbound.destroy());
      outbound.on('close', () => inbound.destroy());
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    port = (s.address() as { port: number }).port;
    server = s;
  };
  await listen();
  return {
    port,
    async cut() {
      const closing = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
    },
    restore: listen,
  };
}
