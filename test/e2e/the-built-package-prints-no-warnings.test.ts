import { spawnSync } from 'node:child_process';
import { ensureFreshBuild, repoRoot } from '../support/fresh-build';

// A plain Node process using the built package as an app would (require('saml-slo')): it
// answers a signed SOAP LogoutRequest and serves its signed metadata. Anything Node prints as
// a process warning (a DeprecationWarning from a dependency, say) lands in the app's logs.
const APP = `
const warnings = [];
process.on('warning', (w) => warnings.push(w.name + ': ' + w.message));
const express = require('express');
const session = require('express-session');
const { createSlo } = require('saml-slo');
const { createTestIdp, generateTestKeyPair } = require('saml-slo/testing');
(async () => {
  const idp = await createTestIdp();
  const sp = await generateTestKeyPair('sp.test');
  const app = express();
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = 'http://127.0.0.1:' + server.address().port;
  const slo = createSlo({
    sp: { entityID: base + '/saml/metadata', baseUrl: base, ...sp },
    idps: [{ entityID: idp.entityID, signingCertificates: idp.certificate }],
    store: new session.MemoryStore(),
  });
  app.use(slo.router());
  const request = idp.buildSoapLogoutRequest({ destination: base + '/saml/logout', nameID: 'alice@example.com' });
  const reply = await fetch(base + '/saml/logout', {
    method: 'POST',
    headers: { 'content-type': request.contentType, soapaction: 'http://www.oasis-open.org/committees/security' },
    body: request.envelope,
  });
  const answer = idp.readLogoutResponse(await reply.text(), sp.certificate);
  const metadata = await fetch(base + '/saml/metadata');
  await new Promise((resolve) => setImmediate(resolve));
  console.log(JSON.stringify({ status: answer.status, signatureValid: answer.signatureValid, metadata: metadata.status, warnings }));
  process.exit(0);
})().catch((err) => { console.error(err); process.exit(1); });
`;

describe('the built package, used from a plain Node process', () => {
  beforeAll(ensureFreshBuild, 120_000);

  it('answers a SOAP logout and serves metadata without printing any process warning', () => {
    const run = spawnSync(process.execPath, ['-e', APP], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      status: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      signatureValid: true,
      metadata: 200,
      warnings: [],
    });
  });
});
