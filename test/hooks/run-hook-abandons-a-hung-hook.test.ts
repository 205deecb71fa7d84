import { runHook } from '../../lib/hooks/run-hook';
import { capturingLogger } from '../logging/support/capturing-logger';

describe('runHook bounds a hook by timeoutMs', () => {
  afterEach(() => jest.useRealTimers());

  it('abandons a hook that never settles after timeoutMs: resolves undefined and logs saml_slo.hook_failed', async () => {
    jest.useFakeTimers();
    const { logger, logs } = capturingLogger();
    let settled = false;
    const result = runHook('afterLogout', () => new Promise<string>(() => undefined), logger, 50);
    void result.then(() => {
      settled = true;
    });

    await jest.advanceTimersByTimeAsync(49);
    expect(settled).toBe(false);
    expect(logs).toEqual([]);

    await jest.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    await expect(result).resolves.toBeUndefined();
    expect(logs).toEqual([
      {
        level: 'error',
        object: {
          event: 'saml_slo.hook_failed',
          hook: 'afterLogout',
          cause: expect.stringContaining('did not finish within 50 ms'),
        },
        message: expect.any(String),
      },
    ]);
  });

  it('returns the value of a hook that settles in time, logs nothing and leaves no timer behind', async () => {
    jest.useFakeTimers();
    const { logger, logs } = capturingLogger();

    const result = await runHook('beforeLogout', async () => ({ deny: 'responder' }), logger, 50);

    expect(result).toEqual({ deny: 'responder' });
    expect(logs).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("returns a synchronous hook's value without starting a timer, and contains its throw", async () => {
    jest.useFakeTimers();
    const { logger, logs } = capturingLogger();

    const pending = runHook('beforeLogout', () => ({ deny: 'requester' }), logger, 50);
    expect(jest.getTimerCount()).toBe(0);
    await expect(pending).resolves.toEqual({ deny: 'requester' });

    const thrown = runHook(
      'afterLogout',
      () => {
        throw new Error('boom');
      },
      logger,
      50,
    );
    await expect(thrown).resolves.toBeUndefined();
    expect(logs).toEqual([
      {
        level: 'error',
        object: { event: 'saml_slo.hook_failed', hook: 'afterLogout', cause: 'Error: boom' },
        message: expect.any(String),
      },
    ]);
  });
});
