import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { HttpRequest } from '@smithy/types';

/*
 * An S3-compatible object store in this process, for tests: path-style PUT, GET and HEAD of objects
 * in in-memory buckets, behind REAL AWS Signature Version 4 verification. Every request's signature
 * (a presigned URL's query signature or an Authorization header) is recomputed with
 * @smithy/signature-v4 — the signer the AWS SDK itself uses — from what actually arrived (method,
 * path, query, the signed headers' values, the payload hash) and compared in constant time. So a
 * tampered URL, a wrong key, an expired URL, or an upload whose Content-Length or Content-Type
 * differs from what was signed is refused with S3's own error codes, as MinIO or S3 would.
 */

const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** The query parameters a presigned URL adds; everything else in its query was signed as is. */
const PRESIGN_PARAMS = new Set([
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-amz-signature',
]);
const MAX_SKEW_MS = 15 * 60_000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface StoredTestObject {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

/** One request as the server answered it, for assertions. */
export interface S3RequestRecord {
  method: string;
  bucket: string | null;
  key: string | null;
  status: number;
  /** S3's error code when refused, e.g. `SignatureDoesNotMatch`. */
  code: string | null;
  /** True when the signature came in the query (a presigned URL). */
  presigned: boolean;
}

export interface S3TestServer {
  /** The endpoint for S3 clients (`S3_ENDPOINT`), e.g. `http://127.0.0.1:40123`. */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  /** Config overrides that point the stack at this server. */
  config: {
    S3_ENDPOINT: string;
    S3_REGION: string;
    S3_BUCKET: string;
    S3_ACCESS_KEY_ID: string;
    S3_SECRET_ACCESS_KEY: string;
    S3_FORCE_PATH_STYLE: boolean;
  };
  object(key: string, bucket?: string): StoredTestObject | undefined;
  keys(bucket?: string): string[];
  readonly requests: readonly S3RequestRecord[];
  stop(): Promise<void>;
}

export interface S3TestServerOptions {
  /** Buckets that exist (default one, `schools24-test`). */
  buckets?: string[];
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
}

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const xmlEscape = (value: string) =>
  value.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c,
  );

/** `20261126T101500Z` → Date; null when malformed. */
function parseAmzDate(value: string | undefined): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0));
  return Number.isNaN(date.getTime()) ? null : date;
}

function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

function parseCredential(value: string | undefined): Credential {
  const parts = (value ?? '').split('/');
  const [accessKeyId, date, region, service, terminator] = parts;
  if (parts.length !== 5 || !accessKeyId || !date || !region || !service || terminator !== 'aws4_request') {
    throw new S3Error(400, 'AuthorizationQueryParametersError', 'The credential is malformed.');
  }
  return { accessKeyId, date, region, service };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new S3Error(400, 'EntityTooLarge', 'The body is too large.');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export async function startS3Server(options: S3TestServerOptions = {}): Promise<S3TestServer> {
  const region = options.region ?? 'us-east-1';
  const accessKeyId = options.accessKeyId ?? `AKTEST${randomBytes(6).toString('hex').toUpperCase()}`;
  const secretAccessKey = options.secretAccessKey ?? randomBytes(30).toString('base64url');
  const bucketNames = options.buckets ?? ['schools24-test'];
  const buckets = new Map(bucketNames.map((name) => [name, new Map<string, StoredTestObject>()]));
  const requests: S3RequestRecord[] = [];
  const defaultBucket = bucketNames[0] ?? 'schools24-test';

  const signerFor = (credential: Credential) => {
    if (credential.accessKeyId !== accessKeyId) {
      throw new S3Error(403, 'InvalidAccessKeyId', 'The access key id does not exist in our records.');
    }
    return new SignatureV4({
      credentials: { accessKeyId, secretAccessKey },
      region: credential.region,
      service: credential.service,
      sha256: Sha256,
      // S3 signs the path as sent (already URI-encoded once), unlike other services.
      uriEscapePath: false,
      applyChecksum: false,
    });
  };

  /** The request as the client signed it: what arrived, restricted to the signed headers. */
  const requestFor = (
    req: IncomingMessage,
    url: URL,
    signedHeaders: string[],
    query: Record<string, string | string[]>,
    extraHeaders: Record<string, string> = {},
  ): HttpRequest => {
    const headers: Record<string, string> = { ...extraHeaders };
    for (const name of signedHeaders) {
      const value = headerValue(req, name);
      if (value !== undefined) headers[name] = value;
    }
    return {
      method: req.method ?? 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers,
    };
  };

  const queryOf = (url: URL, skip: (name: string) => boolean) => {
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of url.searchParams) {
      if (skip(name)) continue;
      const existing = query[name];
      query[name] =
        existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
    }
    return query;
  };

  async function verifyPresigned(req: IncomingMessage, url: URL): Promise<void> {
    const param = (name: string) => url.searchParams.get(name) ?? undefined;
    if (param('X-Amz-Algorithm') !== ALGORITHM) {
      throw new S3Error(
        400,
        'AuthorizationQueryParametersError',
        'X-Amz-Algorithm must be AWS4-HMAC-SHA256.',
      );
    }
    const credential = parseCredential(param('X-Amz-Credential'));
    const signingDate = parseAmzDate(param('X-Amz-Date'));
    const expires = Number(param('X-Amz-Expires'));
    const signedHeaders = (param('X-Amz-SignedHeaders') ?? '').split(';').filter(Boolean);
    const signature = param('X-Amz-Signature') ?? '';
    if (
      !signingDate ||
      !Number.isInteger(expires) ||
      expires < 1 ||
      expires > 604_800 ||
      !signedHeaders.includes('host')
    ) {
      throw new S3Error(400, 'AuthorizationQueryParametersError', 'The presigned URL is malformed.');
    }
    const now = Date.now();
    if (signingDate.getTime() - now > MAX_SKEW_MS) {
      throw new S3Error(403, 'AccessDenied', 'Request is not yet valid.');
    }
    if (now > signingDate.getTime() + expires * 1000) {
      throw new S3Error(403, 'AccessDenied', 'Request has expired.');
    }
    // Headers the client hoisted into the query (x-amz-content-sha256 …) go back to being headers,
    // so the signer hoists them again exactly as the client's did, and hashes the payload the same way.
    const hoisted: Record<string, string> = {};
    for (const [name, value] of url.searchParams) {
      const lower = name.toLowerCase();
      if (lower.startsWith('x-amz-') && !PRESIGN_PARAMS.has(lower)) hoisted[name] = value;
    }
    const query = queryOf(url, (name) => name.toLowerCase().startsWith('x-amz-'));
    const expected = await signerFor(credential).presign(
      requestFor(req, url, signedHeaders, query, hoisted),
      {
        signingDate,
        expiresIn: expires,
        signingRegion: credential.region,
        signingService: credential.service,
        signableHeaders: new Set(signedHeaders),
      },
    );
    const expectedSignature = String(expected.query?.['X-Amz-Signature'] ?? '');
    const expectedHeaders = String(expected.query?.['X-Amz-SignedHeaders'] ?? '');
    if (expectedHeaders !== signedHeaders.join(';') || !sameSignature(expectedSignature, signature)) {
      throw new S3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    }
  }

  async function verifyAuthorizationHeader(req: IncomingMessage, url: URL, body: Buffer): Promise<void> {
    const authorization = headerValue(req, 'authorization') ?? '';
    const match =
      /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(
        authorization,
      );
    if (!match?.[1] || !match[2] || !match[3]) {
      throw new S3Error(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
    }
    const credential = parseCredential(match[1]);
    const signedHeaders = match[2].split(';');
    const signingDate = parseAmzDate(headerValue(req, 'x-amz-date'));
    if (!signingDate || !signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date')) {
      throw new S3Error(400, 'AuthorizationHeaderMalformed', 'x-amz-date and host must be signed.');
    }
    if (Math.abs(Date.now() - signingDate.getTime()) > MAX_SKEW_MS) {
      throw new S3Error(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
      );
    }
    const payloadHash = headerValue(req, 'x-amz-content-sha256');
    if (payloadHash === undefined) {
      throw new S3Error(
        400,
        'InvalidRequest',
        'Missing required header for this request: x-amz-content-sha256.',
      );
    }
    if (payloadHash !== UNSIGNED_PAYLOAD) {
      const actual = body.length === 0 ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex');
      if (actual !== payloadHash) {
        throw new S3Error(
          400,
          'XAmzContentSHA256Mismatch',
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
        );
      }
    }
    const query = queryOf(url, () => false);
    const signed = await signerFor(credential).sign(requestFor(req, url, signedHeaders, query), {
      signingDate,
      signingRegion: credential.region,
      signingService: credential.service,
      signableHeaders: new Set(signedHeaders),
    });
    const expected = /SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$/.exec(
      String((signed as HttpRequest).headers['authorization'] ?? ''),
    );
    if (!expected || expected[1] !== match[2] || !sameSignature(expected[2] ?? '', match[3])) {
      throw new S3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    }
  }

  function sendError(res: ServerResponse, resource: string, error: S3Error, head: boolean): void {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    res.writeHead(error.status, { 'content-type': 'application/xml', 'x-amz-request-id': requestId });
    if (head) {
      res.end();
      return;
    }
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message>` +
        `<Resource>${xmlEscape(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<S3RequestRecord> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', `http://${headerValue(req, 'host') ?? '127.0.0.1'}`);
    const [, bucketName = '', ...keyParts] = url.pathname.split('/');
    const bucket = bucketName ? decodeURIComponent(bucketName) : null;
    const key = keyParts.length > 0 ? decodeURIComponent(keyParts.join('/')) : null;
    const presigned = url.searchParams.has('X-Amz-Signature');
    const record: S3RequestRecord = { method, bucket, key, status: 200, code: null, presigned };
    try {
      const body = await readBody(req);
      if (presigned) await verifyPresigned(req, url);
      else if (headerValue(req, 'authorization')) await verifyAuthorizationHeader(req, url, body);
      else throw new S3Error(403, 'AccessDenied', 'Anonymous access is not allowed.');

      const objects = bucket ? buckets.get(bucket) : undefined;
      if (!objects) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist.');
      if (!key) throw new S3Error(405, 'MethodNotAllowed', 'Only object requests are supported.');

      if (method === 'PUT') {
        const declared = headerValue(req, 'content-length');
        if (declared === undefined)
          throw new S3Error(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
        if (Number(declared) !== body.length) {
          throw new S3Error(
            400,
            'IncompleteBody',
            'You did not provide the number of bytes specified by the Content-Length HTTP header.',
          );
        }
        const etag = `"${createHash('md5').update(body).digest('hex')}"`;
        objects.set(key, {
          body,
          contentType: headerValue(req, 'content-type') ?? 'binary/octet-stream',
          etag,
          lastModified: new Date(),
        });
        res.writeHead(200, { etag, 'content-length': '0' });
        res.end();
        return record;
      }
      if (method === 'GET' || method === 'HEAD') {
        const object = objects.get(key);
        if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
        const disposition = url.searchParams.get('response-content-disposition');
        res.writeHead(200, {
          'content-type': object.contentType,
          'content-length': String(object.body.length),
          etag: object.etag,
          'last-modified': object.lastModified.toUTCString(),
          ...(disposition ? { 'content-disposition': disposition } : {}),
        });
        res.end(method === 'GET' ? object.body : undefined);
        return record;
      }
      throw new S3Error(
        405,
        'MethodNotAllowed',
        'The specified method is not allowed against this resource.',
      );
    } catch (error) {
      const s3Error =
        error instanceof S3Error
          ? error
          : new S3Error(500, 'InternalError', 'We encountered an internal error.');
      sendError(res, url.pathname, s3Error, method === 'HEAD');
      return { ...record, status: s3Error.status, code: s3Error.code };
    }
  }

  const server: Server = createServer((req, res) => {
    void handle(req, res).then((record) => requests.push(record));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    region,
    accessKeyId,
    secretAccessKey,
    bucket: defaultBucket,
    config: {
      S3_ENDPOINT: endpoint,
      S3_REGION: region,
      S3_BUCKET: defaultBucket,
      S3_ACCESS_KEY_ID: accessKeyId,
      S3_SECRET_ACCESS_KEY: secretAccessKey,
      S3_FORCE_PATH_STYLE: true,
    },
    object: (key, bucket = defaultBucket) => buckets.get(bucket)?.get(key),
    keys: (bucket = defaultBucket) => [...(buckets.get(bucket)?.keys() ?? [])],
    requests,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
