import type { PostsConfig } from '../env.js';
import { LocalDiskStorage } from './local-storage.js';
import { S3Storage } from './s3-storage.js';
import type { MediaStorage } from './storage.js';

/**
 * S3 when S3_BUCKET is set, else local disk behind signed URLs (the embedded default), whose URLs
 * start at MEDIA_PUBLIC_URL or else at the subgraph's own URL (`publicUrl`, known once it listens).
 */
export async function createStorage(
  config: Pick<PostsConfig, 's3' | 'mediaDir' | 'mediaPublicUrl' | 'identitySecret'>,
  publicUrl: () => string,
): Promise<MediaStorage> {
  if (!config.s3) {
    const { mediaPublicUrl } = config;
    return new LocalDiskStorage(
      config.mediaDir,
      config.identitySecret,
      mediaPublicUrl ? () => mediaPublicUrl : publicUrl,
    );
  }
  const storage = new S3Storage(config.s3);
  if (config.s3.createBucket) await storage.ensureBucket();
  return storage;
}
