import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify, type Algorithm } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { BoundedSemaphore } from './semaphore.js';

// `Algorithm` is an ambient const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID: Algorithm = 2;

/** OWASP's argon2id parameters: 19 MiB, 2 passes, 1 lane (about 15 ms here). */
export const ARGON2_PARAMETERS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** One argon2id hash with the product's parameters, outside any cap (tools such as the seed). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMETERS);
}

export interface PasswordHasherOptions {
  /** Hashes computed at once (each holds ~19 MiB and a libuv thread). */
  concurrency: number;
  /** Hashes allowed to wait for a slot; more are refused with RATE_LIMITED. */
  queue: number;
}

export interface PasswordCheck {
  valid: boolean;
  /** The stored hash used other parameters: store a fresh hash (the password is known now). */
  needsRehash: boolean;
}

/**
 * argon2id hashing with a cap on concurrent work, so a login storm is answered with RATE_LIMITED
 * quickly instead of exhausting memory and timing out everyone.
 */
export class PasswordHasher {
  private readonly gate: BoundedSemaphore;
  private dummy: Promise<string> | undefined;
  /**
   * Admission for whole sign-ins, decided before any Redis or database work. Measured (bench
   * login): with only the hash capped, a storm queued without bound in front of the cap (for Redis,
   * the school look-up and the pool's connections), so refusals came late and accepted sign-ins took
   * seconds. Twice the hashing slots keep the hasher busy while others do their I/O; the rest wait
   * in a bounded queue or are refused at once.
   */
  readonly admission: BoundedSemaphore;

  constructor(options: PasswordHasherOptions) {
    this.gate = new BoundedSemaphore(options.concurrency, options.queue);
    this.admission = new BoundedSemaphore(options.concurrency * 2, options.queue);
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() => hashPassword(password));
  }

  /**
   * Checks a password against a stored hash. Without a stored hash (unknown user, no password yet)
   * it checks against a dummy hash, so the answer takes as long as for a real user.
   */
  async verify(storedHash: string | null, password: string): Promise<PasswordCheck> {
    this.dummy ??= hash(randomBytes(32), ARGON2_PARAMETERS);
    const target = storedHash ?? (await this.dummy);
    const valid = await this.gate.run(() => verify(target, password).catch(() => false));
    return {
      valid: valid && storedHash !== null,
      needsRehash: valid && storedHash !== null && isOutdated(storedHash),
    };
  }
}

function isOutdated(storedHash: string): boolean {
  try {
    const used = parseOptions(storedHash);
    return (
      used.algorithm !== ARGON2_PARAMETERS.algorithm ||
      used.memoryCost !== ARGON2_PARAMETERS.memoryCost ||
      used.timeCost !== ARGON2_PARAMETERS.timeCost ||
      used.parallelism !== ARGON2_PARAMETERS.parallelism
    );
  } catch {
    return true;
  }
}

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'TOO_COMMON' | 'CONTAINS_EMAIL';

let common: ReadonlySet<string> | undefined;

/** The common-passwords list (zxcvbn's, ~49,000 entries), lower-cased, loaded on first use. */
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common'].map((password) => password.toLowerCase()));
  return common;
}

/**
 * NIST SP 800-63B rules: 10 to 256 characters (Unicode code points, any characters, no
 * composition rules), not a commonly used password (case-insensitive), not the user's own email
 * or its local part.
 */
export function passwordProblem(
  password: string,
  context: { email?: string | null } = {},
): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'TOO_SHORT';
  if (length > PASSWORD_MAX_LENGTH) return 'TOO_LONG';
  const folded = password.toLowerCase();
  if (commonPasswords().has(folded)) return 'TOO_COMMON';
  const email = context.email?.toLowerCase();
  if (email) {
    const local = email.split('@')[0] ?? '';
    if (folded.includes(email) || (local.length >= 4 && folded.includes(local))) return 'CONTAINS_EMAIL';
  }
  return null;
}
