import { SamlStatus, type SloLogger } from '../../lib';
import { startSp, type SpHarness } from '../support/sp-app';
import { signedAnswerTo, soapLogout } from '../e2e/support/soap-logout';

// An app's logger can fail (a full disk, a broken transport). saml-slo logs on every path,
// refusals and failures included: a logger that throws must change no outcome and crash
// nothing.
describe('a logger that throws on every call changes no outcome', () => {
  let sp: SpHarness;
  const calls: string[] = [];
  const throwing: SloLogger = {
    debug: () => fail('debug'),
    info: () => fail('info'),
    warn: () => fail('warn'),
    error: () => fail('error'),
  };
  function fail(level: string): never {
    calls.push(level);
    throw new Error(`logger ${level} broke`);
  }
  beforeAll(async () => {
    sp = await startSp({ slo: { logger: throwing } });
  });
  afterAll(() => sp.close());

  it('a SOAP logout still ends the session and answers Success', async () => {
    const alice = await sp.login('alice', ['_a1']);
    const result = await soapLogout(sp, { nameID: 'alice' });
    expect(result.response).toMatchObject({
      ...signedAnswerTo(sp, result),
      status: SamlStatus.Success,
    });
    expect(await sp.me(alice)).toBeNull();
    expect(calls.length).toBeGreaterThan(0); // the logger was called, and threw
  });

  it('a refusal is still answered with its SOAP Fault', async () => {
    const before = calls.length;
    const reply = await sp.postSoap('<not-a-soap-envelope/>');
    expect(reply.status).toBe(500);
    expect(reply.body).toContain('SLO_SOAP_MALFORMED');
    expect(calls.length).toBeGreaterThan(before);
  });
});

describe('a logger whose calls reject (an async transport failing) changes no outcome', () => {
  let sp: SpHarness;
  let calls = 0;
  const rejecting = async (): Promise<void> => {
    calls += 1;
    throw new Error('async logger broke');
  };
  beforeAll(async () => {
    sp = await startSp({
      slo: { logger: { debug: rejecting, info: rejecting, warn: rejecting, error: rejecting } },
    });
  });
  afterAll(() => sp.close());

  it('a SOAP logout still ends the session and answers Success, with no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const alice = await sp.login('alice', ['_a2']);
      const result = await soapLogout(sp, { nameID: 'alice' });
      expect(result.response).toMatchObject({
        ...signedAnswerTo(sp, result),
        status: SamlStatus.Success,
      });
      expect(await sp.me(alice)).toBeNull();
      await new Promise((resolve) => setImmediate(resolve));
      expect(calls).toBeGreaterThan(0);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
