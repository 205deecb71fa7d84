// One SP instance in its own OS process: the harness SP on Redis at REDIS_URL. Prints one
// JSON line {"baseUrl": …, "entityID": …} once it listens; closes and exits on SIGTERM.
// Run: node -r ts-node/register/transpile-only test/multi-instance/support/sp-process.ts
import { createTestIdp } from '../../../lib/testing';
import { keys } from '../../support/keys';
import { startSp } from '../../support/sp-app';

async function main(): Promise<void> {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set');
  const idp = await createTestIdp({ ...keys.idp, entityID: 'https://idp.test/metadata' });
  // One app, many processes: every instance has the app's entityID (SP_ENTITY_ID).
  const entityID = process.env.SP_ENTITY_ID;
  const sp = await startSp({ redis: { url }, idp, ...(entityID ? { entityID } : {}) });
  process.once('SIGTERM', () => {
    void sp.close().finally(() => process.exit(0));
  });
  process.stdout.write(`${JSON.stringify({ baseUrl: sp.baseUrl, entityID: sp.spEntityID })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
