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
