import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Config, SigningJwk } from '@schools24/config';
import type { Logger } from '@schools24/logger';

/** The only JWS algorithm the product signs or accepts. */
export const ACCESS_TOKEN_ALGORITHM = 'EdDSA';

/** A public verification key as published in the JWKS. */
export interface PublicJwk extends JWK {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: typeof ACCESS_TOKEN_ALGORITHM;
  use: 'sig';
}

export interface KeyRing {
  /** The key new tokens are signed with: the first configured one. */
  signing: { kid: string; privateKey: CryptoKey };
  /** Every configured key's public half: tokens signed with any of them verify (rotation). */
  jwks: { keys: PublicJwk[] };
}

export class KeyConfigurationError extends Error {
  override readonly name = 'KeyConfigurationError';
}

function newKid(): string {
  return `k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(4).toString('hex')}`;
}

/** A new private Ed25519 key as a JWK, ready for `AUTH_SIGNING_KEYS`. */
export async function generateSigningJwk(kid: string = newKid()): Promise<SigningJwk> {
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const { x, d } = await exportJWK(privateKey);
  if (!x || !d) throw new Error('jose exported an Ed25519 key without x or d');
  return { kty: 'OKP', crv: 'Ed25519', kid, x, d };
}

export function publicJwk(key: SigningJwk): PublicJwk {
  return { kty: 'OKP', crv: 'Ed25519', x: key.x, kid: key.kid, alg: ACCESS_TOKEN_ALGORITHM, use: 'sig' };
}

/** Imports configured keys: the first signs, every one verifies. */
export async function keyRingFrom(keys: readonly SigningJwk[]): Promise<KeyRing> {
  const [first] = keys;
  if (!first) throw new KeyConfigurationError('AUTH_SIGNING_KEYS must hold at least one key');
  const imported = await importJWK({ ...first, alg: ACCESS_TOKEN_ALGORITHM }, ACCESS_TOKEN_ALGORITHM);
  if (!(typeof imported === 'object' && 'type' in imported && imported.type === 'private')) {
    throw new KeyConfigurationError(`AUTH_SIGNING_KEYS: key ${first.kid} is not a private key`);
  }
  return { signing: { kid: first.kid, privateKey: imported }, jwks: { keys: keys.map(publicJwk) } };
}

/** The resolver `jwtVerify` uses with a key ring's public keys (matched by kid and algorithm). */
export function localVerificationKeys(ring: KeyRing) {
  return createLocalJWKSet(ring.jwks);
}

let processRing: { source: string; ring: Promise<KeyRing> } | undefined;

/**
 * The signing key ring of this process, loaded once: `AUTH_SIGNING_KEYS`, or — outside production
 * only — one key generated for the life of the process (tokens die with it; refresh tokens, which
 * are stored server-side, still work). Loading it marks this process as a signer: its verifiers
 * then use these keys directly instead of fetching identity's JWKS.
 */
export function processKeyRing(config: Config, logger: Logger): Promise<KeyRing> {
  const configured = config.AUTH_SIGNING_KEYS;
  const source = configured ? JSON.stringify(configured) : 'generated';
  if (processRing?.source === source) return processRing.ring;
  if (!configured && config.NODE_ENV === 'production') {
    throw new KeyConfigurationError(
      'AUTH_SIGNING_KEYS is required in production (a JSON array of private Ed25519 JWKs; ' +
        'generate one with `npm run auth:generate-key`).',
    );
  }
  if (!configured) {
    logger.warn(
      'AUTH_SIGNING_KEYS is not set: signing access tokens with a key generated for this process only. ' +
        'Tokens stop verifying when it restarts, and other processes cannot verify them unless they fetch its JWKS.',
    );
  }
  const ring = configured ? keyRingFrom(configured) : generateSigningJwk().then((key) => keyRingFrom([key]));
  processRing = { source, ring };
  return ring;
}

/** The key ring this process signs with, if it signs at all (see `processKeyRing`). */
export function signingRingOfThisProcess(): Promise<KeyRing> | undefined {
  return processRing?.ring;
}
