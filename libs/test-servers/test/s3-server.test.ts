import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '@schools24/config';
import { createObjectStore, type ObjectStore } from '@schools24/storage';
import { startS3Server, type S3TestServer } from '../src/index.js';

// The in-process S3 server on its own, driven by @schools24/storage (the official SDK): it verifies
// SigV4 for real, so what the SDK signs is accepted and anything that differs from what was signed
// (signature, key, expiry, body size, content type, secret) is refused as S3 refuses it.

let s3: S3TestServer;
let store: ObjectStore;

const storeWith = (overrides: Partial<ReturnType<typeof config>>) => {
  const created = createObjectStore({ ...config(), ...s3.config, ...overrides });
  if (!created) throw new Error('no store');
  return created;
};

const codeOf = (xml: string) => /<Code>([^<]+)<\/Code>/.exec(xml)?.[1];

async function put(url: string, body: string | Uint8Array, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'PUT', body, headers });
  return { status: response.status, code: codeOf(await response.text()) };
}

beforeAll(async () => {
  s3 = await startS3Server();
  store = storeWith({});
});

afterAll(async () => {
  store?.destroy();
  await s3?.stop();
});

describe('presigned uploads and downloads', () => {
  it('uploads through a presigned PUT, confirms it with head, downloads through a presigned GET', async () => {
    const key = `test/${randomUUID()}`;
    const body = 'the answer is 42\n';
    const upload = await store.presignUpload({ key, contentType: 'text/plain', byteSize: body.length });
    const signed = new URL(upload.url).searchParams.get('X-Amz-SignedHeaders');
    expect(signed?.split(';')).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host']));
    expect(await put(upload.url, body, upload.headers)).toEqual({ status: 200, code: undefined });
    expect(s3.object(key)?.body.toString()).toBe(body);

    expect(await store.head(key)).toEqual({ byteSize: body.length, contentType: 'text/plain' });
    expect(await store.head(`test/${randomUUID()}`)).toBeNull();

    const download = await store.presignDownload(key, { fileName: 'réponse.txt' });
    const response = await fetch(download.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(body);
    expect(response.headers.get('content-disposition')).toContain("filename*=UTF-8''r%C3%A9ponse.txt");
  });

  it('refuses a body of another size or type than was signed, and stores nothing', async () => {
    const key = `test/${randomUUID()}`;
    const upload = await store.presignUpload({ key, contentType: 'application/pdf', byteSize: 10 });
    expect(await put(upload.url, '0123456789ABC', { 'content-type': 'application/pdf' })).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    expect(await put(upload.url, '0123456789', { 'content-type': 'image/png' })).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    expect(s3.object(key)).toBeUndefined();
    // The positive control: exactly what was signed goes through.
    expect(await put(upload.url, '0123456789', upload.headers)).toMatchObject({ status: 200 });
  });

  it('refuses a tampered signature, another key under the same signature, and an expired URL', async () => {
    const key = `test/${randomUUID()}`;
    const storedBefore = s3.keys().length;
    const upload = await store.presignUpload({ key, contentType: 'text/plain', byteSize: 2 });
    const tampered = new URL(upload.url);
    const signature = tampered.searchParams.get('X-Amz-Signature') ?? '';
    tampered.searchParams.set(
      'X-Amz-Signature',
      `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`,
    );
    expect(await put(tampered.toString(), 'hi', upload.headers)).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    const otherKey = new URL(upload.url);
    otherKey.pathname = otherKey.pathname.replace(key, `test/${randomUUID()}`);
    expect(await put(otherKey.toString(), 'hi', upload.headers)).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    const longer = new URL(upload.url);
    longer.searchParams.set('X-Amz-Expires', '604800');
    expect(await put(longer.toString(), 'hi', upload.headers)).toEqual({
      status: 403,
      code: 'SignatureDoesNotMatch',
    });
    expect(s3.keys()).toHaveLength(storedBefore);

    const shortLived = await store.presignUpload({
      key,
      contentType: 'text/plain',
      byteSize: 2,
      expiresInSeconds: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await put(shortLived.url, 'hi', shortLived.headers)).toEqual({
      status: 403,
      code: 'AccessDenied',
    });
    expect(s3.object(key)).toBeUndefined();
  });

  it('verifies Authorization-header signatures: the SDK with the right key passes, a wrong key or none is refused', async () => {
    const wrong = storeWith({ S3_SECRET_ACCESS_KEY: 'not-the-secret' });
    try {
      // A HEAD error has no body (as on S3): the SDK sees the status, the server log the code.
      await expect(wrong.head(`test/${randomUUID()}`)).rejects.toMatchObject({
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      wrong.destroy();
    }
    const unknown = storeWith({ S3_ACCESS_KEY_ID: 'AKUNKNOWN' });
    try {
      await expect(unknown.head(`test/${randomUUID()}`)).rejects.toMatchObject({
        $metadata: { httpStatusCode: 403 },
      });
    } finally {
      unknown.destroy();
    }
    const anonymous = await fetch(`${s3.endpoint}/${s3.bucket}/test/anything`);
    expect(anonymous.status).toBe(403);
    expect(codeOf(await anonymous.text())).toBe('AccessDenied');
    const refused = s3.requests.filter(
      (request) => request.code === 'SignatureDoesNotMatch' && !request.presigned,
    );
    expect(refused.length).toBeGreaterThan(0);
  });
});
