/**
 * Calls `attempt` until it returns true, for at most `ms` of real time (polling every 10 ms).
 * For states another process reaches on its own, such as a Redis client's reconnection.
 */
export async function eventually(attempt: () => Promise<boolean>, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await attempt()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
