import { createHash } from 'node:crypto';

/** Fixed namespace: changing it changes every seeded id. */
const NAMESPACE = Buffer.from('7d3c55a1e0b94c0f8f2b5e6a9c1d2424', 'hex');

/** An RFC 4122 version-5 (SHA-1, name-based) UUID of `name` in the seed namespace. */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest().subarray(0, 16);
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x50, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type IdFactory = (kind: string, key?: string | number) => string;

/**
 * Ids derived from (seed, school code, kind, key): the same options give the same ids on every run,
 * and two schools seeded into one database never collide.
 */
export function idFactory(seed: number, code: string): IdFactory {
  const prefix = `schools24-seed/${seed}/${code}/`;
  return (kind, key = '') => nameBasedUuid(`${prefix}${kind}/${key}`);
}

/** 32-bit FNV-1a, to mix the school code into the PRNG seed. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
