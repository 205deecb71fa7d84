import { createServer, type Server } from 'node:http';
import { inflateRawSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { createTestIdp, type TestIdp } from '../lib/testing';
import { h, page, postForm } from './html';

/** An SP the demo IdP knows: where to post logins and where to send SOAP logouts. */
export interface DemoSp {
  readonly name: string;
  readonly entityID: string;
  readonly acsUrl: string;
  readonly soapLogoutUrl: string;
  /** The SP's signing certificate, to check its LogoutResponses. */
  readonly certificate: string;
}

interface IdpSession {
  readonly sp: DemoSp;
  readonly nameID: string;
  readonly sessionIndex: string;
}

/**
 * A DEMO Identity Provider, built on saml-slo's test IdP: no passwords, pick a user and
 * you are logged in. It remembers which SP each login went to and can log a user out of
 * every SP by back-channel SOAP. Never use it for anything but trying saml-slo.
 */
export interface DemoIdp {
  readonly idp: TestIdp;
  readonly url: string;
  readonly server: Server;
  register(sp: DemoSp): void;
}

export async function startDemoIdp(port: number, publicUrl?: string): Promise<DemoIdp> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const url =
    publicUrl ?? `http://localhost:${typeof address === 'object' && address ? address.port : port}`;
  const idp = await createTestIdp({ entityID: `${url}/metadata` });
  const sps = new Map<string, DemoSp>();
  const sessions: IdpSession[] = [];
  const app = express();
  app.use(express.urlencoded({ extended: false }));

  app.get('/', (_req, res) => {
    const rows = sessions
      .map(
        (s) =>
          `<tr><td>${h(s.nameID)}</td><td>${h(s.sp.name)}</td><td><code>${h(s.sessionIndex)}</code></td></tr>`,
      )
      .join('');
    res.send(
      page(
        'Demo IdP',
        '#6f42c1',
        `<header><h1>Demo IdP</h1></header>
<p class="demo">A demonstration Identity Provider. It signs real SAML messages but checks no password.</p>
<h2>Sessions at this IdP</h2>
<table id="sessions"><tr><th>User</th><th>Service Provider</th><th>SessionIndex</th></tr>${rows}</table>
<form method="post" action="/logout-everywhere"><label>User <input name="nameID" value="alice@example.com"></label>
<button type="submit" id="logout-everywhere">Log out everywhere (back-channel SOAP)</button></form>`,
      ),
    );
  });

  // SP-initiated SSO: passport-saml sends an AuthnRequest by HTTP-Redirect.
  app.get('/sso', (req, res) => {
    const request = inflateRawSync(
      Buffer.from(String(req.query.SAMLRequest ?? ''), 'base64'),
    ).toString('utf8');
    const issuer = /<saml2?:Issuer[^>]*>([^<]+)</.exec(request)?.[1] ?? '';
    const id = /\sID="([^"]+)"/.exec(request)?.[1] ?? '';
    const sp = sps.get(issuer);
    if (!sp)
      return res.status(400).send(page('Demo IdP', '#6f42c1', `<p>Unknown SP ${h(issuer)}</p>`));
    res.send(
      page(
        'Demo IdP — log in',
        '#6f42c1',
        `<header><h1>Demo IdP</h1></header>
<p class="demo">Demo only: no password is checked.</p><p>${h(sp.name)} asks who you are.</p>
<form method="post" action="/sso"><input type="hidden" name="sp" value="${h(sp.entityID)}">
<input type="hidden" name="inResponseTo" value="${h(id)}">
<label>User <input name="nameID" id="user" value="alice@example.com"></label>
<button type="submit" id="login">Log in</button></form>`,
      ),
    );
  });

  app.post('/sso', (req, res) => {
    const sp = sps.get(String(req.body.sp));
    const nameID = String(req.body.nameID ?? '').trim();
    if (!sp || !nameID) return res.status(400).send('bad request');
    const sessionIndex = `_idp-session-${randomBytes(8).toString('hex')}`;
    sessions.push({ sp, nameID, sessionIndex });
    const response = idp.buildLoginResponse({
      acsUrl: sp.acsUrl,
      spEntityID: sp.entityID,
      nameID,
      nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      sessionIndexes: [sessionIndex],
      ...(req.body.inResponseTo ? { inResponseTo: String(req.body.inResponseTo) } : {}),
    });
    res.send(
      page(
        'Demo IdP',
        '#6f42c1',
        `<p>Logged in as ${h(nameID)}. Back to ${h(sp.name)}:</p>${postForm(sp.acsUrl, { SAMLResponse: response.base64 })}`,
      ),
    );
  });

  app.post('/logout-everywhere', async (req, res) => {
    const nameID = String(req.body.nameID ?? '');
    const mine = sessions.filter((s) => s.nameID === nameID);
    const results: string[] = [];
    for (const session of mine) {
      const message = idp.buildSoapLogoutRequest({
        destination: session.sp.soapLogoutUrl,
        nameID,
        nameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        sessionIndexes: [session.sessionIndex],
      });
      let outcome: string;
      try {
        const reply = await fetch(session.sp.soapLogoutUrl, {
          method: 'POST',
          headers: { 'content-type': message.contentType },
          body: message.envelope,
        });
        const read = idp.readLogoutResponse(
          await reply.text(),
          spCertificates.get(session.sp.entityID) ?? '',
        );
        outcome = `${read.subStatus ?? read.status ?? 'no status'}${read.signatureValid ? ' (signature valid)' : ' (signature NOT valid)'}`;
      } catch (err) {
        outcome = `unreachable: ${(err as Error).message}`;
      }
      sessions.splice(sessions.indexOf(session), 1);
      results.push(
        `<li>${h(session.sp.name)}: <span class="outcome">${h(outcome.replace('urn:oasis:names:tc:SAML:2.0:status:', ''))}</span></li>`,
      );
    }
    res.send(
      page(
        'Demo IdP',
        '#6f42c1',
        `<h1>Logout of ${h(nameID)}</h1><ul id="results">${results.join('') || '<li>No sessions.</li>'}</ul><p><a href="/">Back</a></p>`,
      ),
    );
  });

  const spCertificates = new Map<string, string>();
  server.on('request', app);
  return {
    idp,
    url,
    server,
    register(sp: DemoSp) {
      sps.set(sp.entityID, sp);
      spCertificates.set(sp.entityID, sp.certificate);
    },
  };
}
