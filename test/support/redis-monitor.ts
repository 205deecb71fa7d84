import { createHash } from 'node:crypto';
import type { RedisClientType } from 'redis';
import { connectRedis } from './sp-app';

/** Commands of the connection housekeeping, not of the app's work. */
const HOUSEKEEPING = ['ping', 'quit', 'client', 'hello', 'select'];

/**
 * The commands clients send to a Redis, as MONITOR shows them: one per round trip a client
 * made (commands a Lua script runs inside Redis are marked "lua" by MONITOR and left out).
 * EVALSHA is shown with the name of the script it runs, when `scripts` names it.
 *
 * @example
 * ```ts
 * const monitor = await monitorRedis(redis.url, { claim: CLAIM_SCRIPT });
 * const sent = await monitor.commandsOf(() => sp.postSoap(envelope)); // ['evalsha claim', 'del', …]
 * ```
 */
export async function monitorRedis(
  url: string,
  scripts: Record<string, string> = {},
): Promise<{ commandsOf(work: () => Promise<unknown>): Promise<string[]>; stop(): void }> {
  const names = new Map(
    Object.entries(scripts).map(([name, script]) => [
      createHash('sha1').update(script).digest('hex'),
      name,
    ]),
  );
  let sent: string[] = [];
  const monitorClient: RedisClientType = await connectRedis(url);
  await monitorClient.monitor((line: string) => {
    if (/\[\d+ lua\]/.test(line)) return; // run by a script inside Redis, not a round trip
    const [command, firstArg] = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    if (!command) return;
    const name = command.toLowerCase();
    sent.push(name === 'evalsha' ? `evalsha ${names.get(firstArg!) ?? firstArg}` : name);
  });

  /** A PING from a second client, seen by MONITOR after every command sent before it. */
  async function settle(): Promise<void> {
    const client = await connectRedis(url);
    try {
      await client.ping();
      const deadline = Date.now() + 5000;
      while (!sent.includes('ping') && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await client.quit();
    }
  }

  return {
    /** The commands sent while `work` ran, in the order Redis received them. */
    async commandsOf(work) {
      await settle(); // MONITOR lines arrive asynchronously
      sent = [];
      await work();
      await settle();
      return sent.filter((c) => !HOUSEKEEPING.includes(c));
    },
    stop: () => monitorClient.destroy(),
  };
}
