import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { MediaStorage, StoredObject, UploadTarget } from './storage.js';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For S3-compatible servers (MinIO, …); unset for AWS. */
  endpoint?: string | undefined;
  /** The endpoint clients reach, when it differs from the one this service uses (containers). */
  publicEndpoint?: string | undefined;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  forcePathStyle: boolean;
}

const READ_URL_TTL_SECONDS = 3_600;

/**
 * Media in S3 (or a compatible server). Uploads are pre-signed POST forms whose policy fixes the
 * key, the exact content type and a content-length range, so the storage itself refuses anything
 * else (a pre-signed PUT could not bound the size). Reads are pre-signed GETs.
 */
export class S3Storage implements MediaStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  /** Signs the URLs clients use: same credentials, the endpoint they can reach. */
  private readonly signer: S3Client;

  constructor(private readonly options: S3StorageOptions) {
    const base = (endpoint: string | undefined): S3ClientConfig => ({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(endpoint ? { endpoint } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? { credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } }
        : {}),
      // The SDK's default checksums break S3-compatible servers and put an empty-body checksum into
      // pre-signed URLs that real S3 then rejects; only send them where S3 requires them.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    this.client = new S3Client(base(options.endpoint));
    this.signer = options.publicEndpoint ? new S3Client(base(options.publicEndpoint)) : this.client;
  }

  /** Creates the bucket when it does not exist (development and tests; production buckets are provisioned). */
  async ensureBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch {
      await this.client.send(new CreateBucketCommand({ Bucket: this.options.bucket }));
    }
  }

  async createUploadTarget(key: string, contentType: string, maxBytes: number, expiresAt: Date): Promise<UploadTarget> {
    const { url, fields } = await createPresignedPost(this.signer, {
      Bucket: this.options.bucket,
      Key: key,
      Conditions: [
        ['content-length-range', 1, maxBytes],
        ['eq', '$Content-Type', contentType],
      ],
      Fields: { 'Content-Type': contentType },
      Expires: Math.max(1, Math.round((expiresAt.getTime() - Date.now()) / 1000)),
    });
    return { url, method: 'POST', fields: Object.entries(fields).map(([name, value]) => ({ name, value })), expiresAt };
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return { size: head.ContentLength ?? 0, lastModified: head.LastModified ?? new Date(0) };
    } catch (error) {
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return null;
      throw error;
    }
  }

  async readStart(key: string, bytes: number): Promise<Buffer> {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.options.bucket, Key: key, Range: `bytes=0-${bytes - 1}` }),
    );
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  readUrl(key: string, contentType: string): Promise<string> {
    return getSignedUrl(
      this.signer,
      new GetObjectCommand({ Bucket: this.options.bucket, Key: key, ResponseContentType: contentType }),
      { expiresIn: READ_URL_TTL_SECONDS },
    );
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.client.send(
      new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }),
    );
  }
}
