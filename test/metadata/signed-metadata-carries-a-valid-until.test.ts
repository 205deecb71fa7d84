import session from 'express-session';
import { DOMParser } from '@xmldom/xmldom';
import { SloErrorCode, createSlo, type SloOptions } from '../../lib';
import { keys } from '../support/keys';
import { caughtSloErrorSync } from '../unit/support/slo-error';

const DAY = 24 * 3_600_000;
const START = Date.parse('2030-01-01T00:00:00.000Z');

/** Options with a clock the test moves, and the given `metadata` section. */
function withClock(metadata: SloOptions['metadata']) {
  const clock = { now: START };
  const options: SloOptions = {
    sp: {
      entityID: 'https://sp.test/metadata',
      baseUrl: 'https://sp.test',
      privateKey: keys.sp.privateKey,
      certificate: keys.sp.certificate,
    },
    idps: [{ entityID: 'https://idp.test/metadata', signingCertificates: keys.idp.certificate }],
    store: new session.MemoryStore(),
    metadata,
    now: () => clock.now,
  };
  return { clock, slo: createSlo(options) };
}

/** The root's validUntil, or null. */
function validUntilOf(xml: string): string | null {
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
  return root.hasAttribute('validUntil') ? root.getAttribute('validUntil') : null;
}

describe('signed SP metadata carries a validUntil', () => {
  it('7 days after it is signed by default', async () => {
    const { slo } = withClock({ sign: true });
    expect(validUntilOf(await slo.metadata())).toBe(new Date(START + 7 * DAY).toISOString());
  });

  it('metadata.validForMs after it is signed when given', async () => {
    const { slo } = withClock({ sign: true, validForMs: 3_600_000 });
    expect(validUntilOf(await slo.metadata())).toBe(new Date(START + 3_600_000).toISOString());
  });

  it('is signed again once a tenth of its validity has passed, not before', async () => {
    const { clock, slo } = withClock({ sign: true, validForMs: 10 * DAY });
    const first = await slo.metadata();
    clock.now = START + DAY - 1;
    expect(await slo.metadata()).toBe(first);
    clock.now = START + DAY;
    const second = await slo.metadata();
    expect(second).not.toBe(first);
    expect(validUntilOf(second)).toBe(new Date(START + 11 * DAY).toISOString());
    expect(second).toContain('<ds:SignatureValue>');
  });

  it('unsigned metadata carries none (and is built once)', async () => {
    const { clock, slo } = withClock(undefined);
    const first = await slo.metadata();
    expect(validUntilOf(first)).toBeNull();
    clock.now = START + 365 * DAY;
    expect(await slo.metadata()).toBe(first);
  });

  it.each([
    ['without metadata.sign', { validForMs: DAY }],
    ['with metadata.sign: false', { sign: false, validForMs: DAY }],
  ])('metadata.validForMs %s is refused, naming metadata.sign', (_name, metadata) => {
    const error = caughtSloErrorSync(() => withClock(metadata));
    expect(error).toMatchObject({
      code: SloErrorCode.OptionInvalid,
      option: 'metadata.validForMs',
    });
    expect(error.message).toContain('metadata.sign: true');
  });

  it('metadata.validForMs: false gives signed metadata no validUntil, and it is signed once', async () => {
    const { clock, slo } = withClock({ sign: true, validForMs: false });
    const first = await slo.metadata();
    expect(first).toContain('<ds:SignatureValue>');
    expect(validUntilOf(first)).toBeNull();
    clock.now = START + 365 * DAY;
    expect(await slo.metadata()).toBe(first);
  });

  it.each([0, 1.5, 3_599_999, 11 * 365 * DAY])(
    'metadata.validForMs of %p is refused (one hour to ten years: what is served must outlive its 5-minute cache)',
    (validForMs) => {
      const error = caughtSloErrorSync(() => withClock({ sign: true, validForMs }));
      expect(error.option).toBe('metadata.validForMs');
    },
  );
});
