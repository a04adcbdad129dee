import type { PostsConfig } from '../env.js';
import { LocalDiskStorage } from './local-storage.js';
import { S3Storage } from './s3-storage.js';
import type { MediaStorage } from './storage.js';

/** S3 when S3_BUCKET is set, else local disk behind signed URLs (the embedded default). */
export async function createStorage(config: PostsConfig, localBaseUrl: () => string): Promise<MediaStorage> {
  if (!config.s3)
    return new LocalDiskStorage(config.mediaDir, config.identitySecret, () => config.mediaPublicUrl ?? localBaseUrl());
  const storage = new S3Storage(config.s3);
  if (config.s3.createBucket) await storage.ensureBucket();
  return storage;
}
