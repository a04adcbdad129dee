/** Waits until `check` returns true, polling; fails with `what()` after the timeout. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Retries an assertion (a function that throws, e.g. with `expect`) until it passes; after the
 * timeout, fails with the assertion's own last error, so the report says what was not so.
 */
export async function untilPasses(assertion: () => unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await assertion();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
