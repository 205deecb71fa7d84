import { SamlStatus } from '../../lib';
import { keys } from '../support/keys';
import { startSp, type SpHarness } from '../support/sp-app';
import { xmlsec1Verify } from '../support/xmlsec1';
import { soapLogout, type SoapLogoutResult } from './support/soap-logout';

const LOGOUT_RESPONSE = 'urn:oasis:names:tc:SAML:2.0:protocol:LogoutResponse';

/** The one child of soap:Body, byte for byte as the SP sent it. */
function bodyContent(envelope: string): string {
  const match = /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(envelope);
  if (!match?.[1]) throw new Error(`no soap:Body in ${envelope}`);
  return match[1];
}

describe('the LogoutResponse of a SOAP logout verifies with xmlsec1', () => {
  let sp: SpHarness;
  let result: SoapLogoutResult;
  beforeAll(async () => {
    sp = await startSp();
    await sp.login('alice', ['_alice-1']);
    result = await soapLogout(sp, { nameID: 'alice', sessionIndexes: ['_alice-1'] });
    expect(result.response.status).toBe(SamlStatus.Success);
  });
  afterAll(() => sp.close());

  it('verifies on its own, taken out of the SOAP Body', () => {
    const response = bodyContent(result.body);
    expect(response).toMatch(/^<samlp:LogoutResponse\b/);
    const run = xmlsec1Verify(response, keys.sp.certificate, LOGOUT_RESPONSE);
    expect(run.output).toMatch(/^OK$/m);
    expect(run.ok).toBe(true);
  });

  it('verifies in place, inside the whole SOAP envelope', () => {
    const run = xmlsec1Verify(result.body, keys.sp.certificate, LOGOUT_RESPONSE);
    expect(run.output).toMatch(/^OK$/m);
    expect(run.ok).toBe(true);
  });

  it('fails once its status is tampered with', () => {
    const response = bodyContent(result.body);
    const tampered = response.replace(SamlStatus.Success, SamlStatus.Responder);
    expect(tampered).not.toBe(response);
    const run = xmlsec1Verify(tampered, keys.sp.certificate, LOGOUT_RESPONSE);
    expect(run.output).toMatch(/data and digest do not match/);
    expect(run.ok).toBe(false);
  });

  it('fails against a certificate that is not the SP’s', () => {
    const response = bodyContent(result.body);
    const run = xmlsec1Verify(response, keys.other.certificate, LOGOUT_RESPONSE);
    expect(run.output).toMatch(/signature verification failed/);
    expect(run.ok).toBe(false);
  });
});
