export default async function globalTeardown() {
  await globalThis.__SHUTTER_TEST_POSTGRES__?.stop();
}
