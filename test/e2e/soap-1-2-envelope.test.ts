import { SamlStatus } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { signedAnswerTo, soapLogout } from './support/soap-logout';

const SOAP_12_ENVELOPE =
  /^(<\?xml[^>]*\?>)?<soap:Envelope xmlns:soap="http:\/\/www\.w3\.org\/2003\/05\/soap-envelope">/;

describe('a SOAP 1.2 LogoutRequest', () => {
  let sp: SpHarness;
  beforeAll(async () => {
    sp = await startSp();
  });
  afterAll(() => sp.close());

  it('is answered in a SOAP 1.2 envelope, as application/soap+xml, and ends the session', async () => {
    const alice = await sp.login('alice', ['_alice-1']);

    const result = await soapLogout(sp, {
      nameID: 'alice',
      sessionIndexes: ['_alice-1'],
      soapVersion: '1.2',
    });

    expect(result.status).toBe(200);
    expect(result.contentType).toMatch(/^application\/soap\+xml\b/);
    expect(result.body).toMatch(SOAP_12_ENVELOPE);
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      status: SamlStatus.Success,
    });
    expect(await sp.me(alice)).toBeNull();
  });
});
