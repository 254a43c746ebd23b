import { createHash, randomBytes } from 'node:crypto';

/**
 * Opaque bearer secrets (refresh and reset tokens) as `<schoolId>.<random>`: the school part lets
 * the lookup run inside the tenant (row-level security), the random part is the secret. Only the
 * SHA-256 of the whole string is stored, so a database leak yields no usable token.
 */
export interface OpaqueToken {
  token: string;
  hash: Buffer;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function newOpaqueToken(schoolId: string, bytes: 16 | 32): OpaqueToken {
  const token = `${schoolId}.${randomBytes(bytes).toString('base64url')}`;
  return { token, hash: hashOpaqueToken(token) };
}

export function hashOpaqueToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** The school a token names and its hash, or null when it cannot be one of ours. */
export function readOpaqueToken(token: string, bytes: 16 | 32): { schoolId: string; hash: Buffer } | null {
  const dot = token.indexOf('.');
  const schoolId = token.slice(0, dot);
  const secret = token.slice(dot + 1);
  if (dot < 0 || !UUID.test(schoolId) || !/^[A-Za-z0-9_-]+$/.test(secret)) return null;
  if (Buffer.from(secret, 'base64url').length !== bytes) return null;
  return { schoolId, hash: hashOpaqueToken(token) };
}
