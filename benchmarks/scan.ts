/**
 * Times a full store scan (connect-redis `all()`, what the alternative does per logout), in
 * its own process with a large heap: `{ redisUrl, repeat }` over IPC → `{ ms: number[] }`.
 */
import { connectRedis, createStore } from './light';

async function scan(job: { redisUrl: string; repeat: number }): Promise<number[]> {
  const client = await connectRedis(job.redisUrl);
  const store = createStore(client);
  const times: number[] = [];
  for (let i = 0; i < job.repeat; i++) {
    const started = performance.now();
    await store.all();
    times.push(performance.now() - started);
  }
  await client.quit();
  return times;
}

process.on('disconnect', () => process.exit(0));
process.once('message', (job: { redisUrl: string; repeat: number }) => {
  scan(job).then(
    (ms) => process.send!({ type: 'result', result: ms }, () => process.exit(0)),
    (err: unknown) => process.send!({ type: 'error', error: String(err) }, () => process.exit(1)),
  );
});
