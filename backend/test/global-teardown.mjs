export default async function globalTeardown() {
  await globalThis.__OPENBELL_TEST_PG__?.destroy();
}
