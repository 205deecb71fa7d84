// `npm run example`: a DEMO IdP and two SPs, "Flights" and "Cars", on localhost:
// single sign-on, and single logout you can click (README: "The example, step by step").
import { exampleOptionsFromEnv } from './config';
import { startExample } from './start-example';

const log = (party: string, line: string) => console.log(`[${party.padEnd(7)}] ${line}`);

async function main(): Promise<void> {
  const options = exampleOptionsFromEnv(process.env, log);
  const example = await startExample(options);
  const { idp, flights, cars } = example;
  const sessions = options.redisUrl ? `Redis at ${options.redisUrl}` : 'in memory (no Redis)';
  console.log(`
  Demo IdP: ${idp ? `${idp.url}  (a DEMO: no passwords)` : `external, from ${options.idpMetadata}`}
  Flights:  ${flights.url}  <- open this one and log in
  Cars:     ${cars.url}
  Sessions: ${sessions}; unsolicited SSO ${options.unsolicitedSso ? 'accepted' : 'refused'}
  SP metadata: ${flights.url}/saml/metadata, ${cars.url}/saml/metadata
  Ctrl-C stops everything.
`);
  const stop = () => {
    example.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
