import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '@schools24/config';

/** The configuration the store reads, as `@schools24/config` parsed it. */
export type StorageConfig = Pick<
  Config,
  | 'S3_ENDPOINT'
  | 'S3_REGION'
  | 'S3_BUCKET'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
  | 'S3_PRESIGN_TTL_SECONDS'
>;

/** A presigned request: the client sends exactly `method`, `url` and `headers`, before `expiresAt`. */
export interface PresignedRequest {
  method: 'PUT' | 'GET';
  url: string;
  /** Headers the signature covers: the store refuses the request if they differ. */
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface StoredObject {
  byteSize: number;
  contentType: string | null;
}

/**
 * Files in an S3-compatible store (S3, MinIO, the testkit's server) through the official SDK.
 * Uploads are presigned with the content type AND the exact content length in the signed headers,
 * so the store itself refuses a body of another size or type; the API checks both against the
 * homework's rules before it signs, and checks the stored object (`head`) before it accepts it.
 */
export class ObjectStore {
  readonly bucket: string;
  private readonly ttlSeconds: number;

  constructor(
    private readonly client: S3Client,
    options: { bucket: string; presignTtlSeconds: number },
  ) {
    this.bucket = options.bucket;
    this.ttlSeconds = options.presignTtlSeconds;
  }

  /** A PUT the client may send once, with this content type and exactly `byteSize` bytes. */
  async presignUpload(input: {
    key: string;
    contentType: string;
    byteSize: number;
    expiresInSeconds?: number;
  }): Promise<PresignedRequest> {
    const expiresIn = input.expiresInSeconds ?? this.ttlSeconds;
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: input.key,
      ContentType: input.contentType,
      ContentLength: input.byteSize,
    });
    const url = await getSignedUrl(this.client, command, {
      expiresIn,
      // The presigner leaves content-type unsigned by default; sign both, so the URL fixes them.
      signableHeaders: new Set(['content-type', 'content-length']),
    });
    return {
      method: 'PUT',
      url,
      headers: { 'content-type': input.contentType, 'content-length': String(input.byteSize) },
      expiresAt: new Date(Date.now() + expiresIn * 1000),
    };
  }

  /** A GET of the object; `fileName` becomes the download's file name. */
  async presignDownload(
    key: string,
    options: { fileName?: string | null; expiresInSeconds?: number } = {},
  ): Promise<PresignedRequest> {
    const expiresIn = options.expiresInSeconds ?? this.ttlSeconds;
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ...(options.fileName ? { ResponseContentDisposition: contentDisposition(options.fileName) } : {}),
    });
    return {
      method: 'GET',
      url: await getSignedUrl(this.client, command, { expiresIn }),
      headers: {},
      expiresAt: new Date(Date.now() + expiresIn * 1000),
    };
  }

  /** Stores `body` under `key`, replacing any object there (so a retried write is harmless). */
  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ContentLength: body.byteLength,
      }),
    );
  }

  /** The object's bytes, or null when there is no such object. */
  async get(key: string): Promise<Uint8Array | null> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return object.Body ? await object.Body.transformToByteArray() : null;
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  /** The stored object's size and type, or null when there is no such object. */
  async head(key: string): Promise<StoredObject | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { byteSize: head.ContentLength ?? 0, contentType: head.ContentType ?? null };
    } catch (error) {
      if (error instanceof NotFound) return null;
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}

/** `attachment` with an ASCII fallback and the RFC 5987 UTF-8 name. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * The store described by the configuration, or null when it names no credentials (then uploads
 * are unavailable and say so; text-only homework still works).
 */
export function createObjectStore(config: StorageConfig): ObjectStore | null {
  if (!config.S3_ACCESS_KEY_ID || !config.S3_SECRET_ACCESS_KEY) return null;
  const client = new S3Client({
    region: config.S3_REGION,
    ...(config.S3_ENDPOINT ? { endpoint: config.S3_ENDPOINT } : {}),
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
    // Flexible checksums would sign a checksum of the EMPTY body into a presigned PUT, which the
    // store then compares with the real body; only send checksums where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
  return new ObjectStore(client, {
    bucket: config.S3_BUCKET,
    presignTtlSeconds: config.S3_PRESIGN_TTL_SECONDS,
  });
}
