import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { awsCommandSpan, tracingActive } from '@shutter/telemetry';
import {
  contentDisposition,
  ReadUrlCache,
  type MediaStorage,
  type StoredObject,
  type UploadTarget,
} from './storage.js';

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

const status = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * Media in S3 (or a compatible server). Uploads are pre-signed PUTs that sign the key, the exact
 * Content-Type and the exact Content-Length, so the storage itself refuses another key, type or
 * size, and anything after expiry (measured against S3Proxy: 403 for each). A pre-signed PUT does
 * not make a key write-once, so posts never serve the upload key: createPost copies it server-side
 * (CopyObject, pinned to the ETag it checked) to a media key no client can write. Reads are
 * pre-signed GETs that fix the response's Content-Type and Content-Disposition.
 */
export class S3Storage implements MediaStorage {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  /** Signs the URLs clients use: same credentials, the endpoint they can reach. */
  private readonly signer: S3Client;
  private readonly readUrls = new ReadUrlCache();

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
    // Tracing on: a span per request sent. The deserialize step is the one next to the network, and
    // pre-signing never reaches it (pre-signed URLs are made for every media read, and send nothing).
    if (tracingActive()) {
      this.client.middlewareStack.add(
        (next, context) => (args) => awsCommandSpan('S3', context.commandName ?? 'S3', args.input, () => next(args)),
        { step: 'deserialize', name: 'shutterTracing' },
      );
    }
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

  async createUploadTarget(key: string, contentType: string, byteSize: number, expiresAt: Date): Promise<UploadTarget> {
    const url = await getSignedUrl(
      this.signer,
      new PutObjectCommand({
        Bucket: this.options.bucket,
        Key: key,
        ContentType: contentType,
        ContentLength: byteSize,
      }),
      {
        expiresIn: Math.max(1, Math.round((expiresAt.getTime() - Date.now()) / 1000)),
        // Signed, not merely sent: a body of another size or type no longer matches the signature.
        signableHeaders: new Set(['content-type', 'content-length']),
      },
    );
    return { url, method: 'PUT', fields: [], headers: [{ name: 'Content-Type', value: contentType }], expiresAt };
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return {
        size: head.ContentLength ?? 0,
        lastModified: head.LastModified ?? new Date(0),
        version: head.ETag ?? '',
      };
    } catch (error) {
      if (status(error) === 404) return null;
      throw error;
    }
  }

  async readStart(key: string, bytes: number): Promise<Buffer> {
    const object = await this.client.send(
      new GetObjectCommand({ Bucket: this.options.bucket, Key: key, Range: `bytes=0-${bytes - 1}` }),
    );
    return Buffer.from(await object.Body!.transformToByteArray());
  }

  async copy(from: string, to: string, version: string): Promise<boolean> {
    try {
      await this.client.send(
        new CopyObjectCommand({
          Bucket: this.options.bucket,
          Key: to,
          CopySource: `${this.options.bucket}/${from}`,
          // Only the version whose size and arrival time were checked (a later POST to the target
          // may have replaced it); the copy's bytes are then checked again.
          CopySourceIfMatch: version,
        }),
      );
      return true;
    } catch (error) {
      if (status(error) === 412 || status(error) === 404) return false;
      throw error;
    }
  }

  /** Frees the upload's bytes (a PUT within the target's life can still write the key again; nothing serves it). */
  async retireUpload(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  /**
   * S3 answers the response-* parameters signed into the URL. It cannot add X-Content-Type-Options;
   * a CDN in front of the bucket adds it (see ADR 0007).
   */
  readUrl(key: string, contentType: string): Promise<string> {
    return this.readUrls.get(key, contentType, ({ signedAt, expiresAt }) =>
      getSignedUrl(
        this.signer,
        new GetObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          ResponseContentType: contentType,
          ResponseContentDisposition: contentDisposition(key, contentType),
        }),
        { signingDate: new Date(signedAt * 1000), expiresIn: expiresAt - signedAt },
      ),
    );
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.client.send(
      new DeleteObjectsCommand({ Bucket: this.options.bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }),
    );
  }
}
