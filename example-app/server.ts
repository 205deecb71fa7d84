// `npm run example`: a demo IdP and a demo SP on localhost, single logout you can click.
import { startExample } from './start-example';

const idpPort = Number(process.env.IDP_PORT ?? 4000);
const flightsPort = Number(process.env.FLIGHTS_PORT ?? 3000);

startExample({ idp: idpPort, flights: flightsPort }).then(
  (example) => {
    console.log(`Demo IdP: ${example.idp.url}`);
    console.log(`Flights:  ${example.flights.url}  (open this one and log in)`);
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
