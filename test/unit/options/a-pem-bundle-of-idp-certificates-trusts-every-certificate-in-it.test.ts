import { X509Certificate } from 'node:crypto';
import { SamlStatus } from '../../../lib';
import { resolveOptions } from '../../../lib/options/resolve-options';
import { validOptions } from './support/valid-options';
import { keys } from '../../support/keys';
import { startSp, type SpHarness } from '../../support/sp-app';

const IDP = 'https://idp.test/metadata';
/** The current certificate and its successor in one string, as operators stage a rollover. */
const bundle = `${keys.idp.certificate.trim()}\n${keys.other.certificate}`;

const fingerprint = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('idps[].signingCertificates given as a PEM bundle', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startSp({ slo: { idps: [{ entityID: IDP, signingCertificates: bundle }] } });
  });
  afterAll(() => sp.close());

  async function soapLogout(nameID: string, sessionIndex: string, signWith: typeof keys.idp) {
    const request = sp.idp.buildSoapLogoutRequest({
      destination: sp.logoutUrl,
      nameID,
      sessionIndexes: [sessionIndex],
      signWith,
    });
    const reply = await sp.postSoap(request.envelope, request.contentType);
    return sp.idp.readLogoutResponse(reply.body, keys.sp.certificate);
  }

  it('a LogoutRequest signed with the key of the second certificate verifies and ends the session', async () => {
    const alice = await sp.login('alice', ['_a1']);
    const response = await soapLogout('alice', '_a1', keys.other);
    expect(response).toMatchObject({ signatureValid: true, status: SamlStatus.Success });
    expect(await sp.me(alice)).toBeNull();
  });

  it('a LogoutRequest signed with the key of the first certificate verifies too', async () => {
    const bob = await sp.login('bob', ['_b1']);
    expect((await soapLogout('bob', '_b1', keys.idp)).status).toBe(SamlStatus.Success);
    expect(await sp.me(bob)).toBeNull();
  });

  it('a key outside the bundle is still refused, and the session stays', async () => {
    const carol = await sp.login('carol', ['_c1']);
    expect((await soapLogout('carol', '_c1', keys.sp)).status).toBe(SamlStatus.Requester);
    expect((await sp.me(carol))?.user.nameID).toBe('carol');
  });
});

describe('idps[].tlsClientCertificates given as a PEM bundle', () => {
  it('pins every certificate of the bundle for that IdP', () => {
    const options = validOptions({
      idp: { tlsClientCertificates: bundle },
      security: { soapClientCertificate: true },
    });
    const pins = resolveOptions(options).soapClientCertificates!;
    expect([...pins.keys()].sort()).toEqual(
      [fingerprint(keys.idp.certificate), fingerprint(keys.other.certificate)].sort(),
    );
    expect([...pins.values()].map((owners) => [...owners])).toEqual([[IDP], [IDP]]);
  });
});
