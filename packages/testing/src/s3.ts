/**
 * Settings that point the posts subgraph at the run's S3 API server (S3Proxy, started by the e2e
 * tier's global setup) with a bucket of its own, created on start.
 */
export function s3TestEnv(bucketPrefix: string): Record<string, string> {
  const endpoint = process.env.TEST_S3_ENDPOINT;
  if (!endpoint) throw new Error('TEST_S3_ENDPOINT is not set: the jest globalSetup should have started S3Proxy.');
  return {
    S3_BUCKET: `${bucketPrefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    S3_ENDPOINT: endpoint,
    S3_ACCESS_KEY_ID: process.env.TEST_S3_ACCESS_KEY_ID ?? '',
    S3_SECRET_ACCESS_KEY: process.env.TEST_S3_SECRET_ACCESS_KEY ?? '',
    S3_CREATE_BUCKET: 'true',
  };
}
