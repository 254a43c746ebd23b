import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { DomainError } from '@schools24/errors';
import {
  BoundedSemaphore,
  PasswordHasher,
  passwordProblem,
  readOpaqueToken,
  newOpaqueToken,
} from '../src/index.js';

describe('password rules (NIST SP 800-63B)', () => {
  it('needs 10 to 256 characters, counted as characters, not bytes', () => {
    expect(passwordProblem('kangaroo7')).toBe('TOO_SHORT');
    expect(passwordProblem('kangaroo7!')).toBeNull();
    expect(passwordProblem('ü'.repeat(9))).toBe('TOO_SHORT');
    expect(passwordProblem('🦘'.repeat(10))).toBeNull();
    expect(passwordProblem('a b c d e f'.repeat(23))).toBeNull();
    expect(passwordProblem('x'.repeat(257))).toBe('TOO_LONG');
  });

  it('has no composition rules: long lower-case phrases are fine', () => {
    expect(passwordProblem('correct horse battery staple')).toBeNull();
    expect(passwordProblem('mango chutney tuesday')).toBeNull();
  });

  it('refuses common passwords whatever their case', () => {
    for (const common of ['1234567890', 'qwertyuiop', 'PASSWORD123', 'Iloveyou12']) {
      expect(passwordProblem(common)).toBe('TOO_COMMON');
    }
  });

  it("refuses the user's own email and its name part", () => {
    expect(passwordProblem('Priya.Rao@school.example', { email: 'priya.rao@school.example' })).toBe(
      'CONTAINS_EMAIL',
    );
    expect(passwordProblem('priya.rao-2026!', { email: 'priya.rao@school.example' })).toBe('CONTAINS_EMAIL');
    expect(passwordProblem('priya.rao-2026!', { email: 'someone@school.example' })).toBeNull();
  });
});

describe('the password hasher', () => {
  const hasher = new PasswordHasher({ concurrency: 2, queue: 4 });

  it('hashes with argon2id m=19456 t=2 p=1 and verifies', async () => {
    const stored = await hasher.hash('mango chutney tuesday');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await hasher.verify(stored, 'mango chutney tuesday')).toEqual({ valid: true, needsRehash: false });
    expect(await hasher.verify(stored, 'mango chutney wednesday')).toEqual({
      valid: false,
      needsRehash: false,
    });
  });

  it('asks for a re-hash when a stored hash used other parameters', async () => {
    const weak = await hash('mango chutney tuesday', { memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(await hasher.verify(weak, 'mango chutney tuesday')).toEqual({ valid: true, needsRehash: true });
    expect(await hasher.verify(weak, 'wrong password!')).toEqual({ valid: false, needsRehash: false });
  });

  it('spends the same work on a missing or broken hash, and never says yes', async () => {
    await hasher.verify(null, 'warm up the dummy hash');
    const timed = async (stored: string | null) => {
      const started = performance.now();
      const result = await hasher.verify(stored, 'mango chutney tuesday');
      return { result, ms: performance.now() - started };
    };
    const real = await hasher.hash('mango chutney tuesday');
    // Interleaved rounds and their medians: one sample can land on a GC pause or a busy core.
    const knownMs: number[] = [];
    const unknownMs: number[] = [];
    for (let round = 0; round < 5; round += 1) {
      knownMs.push((await timed(real)).ms);
      const unknown = await timed(null);
      expect(unknown.result.valid).toBe(false);
      unknownMs.push(unknown.ms);
    }
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    expect(await hasher.verify('not a hash', 'x')).toEqual({ valid: false, needsRehash: false });
    // Both paths compute one argon2id verification: within a factor of the other.
    expect(median(unknownMs)).toBeGreaterThan(median(knownMs) / 3);
  });

  it('refuses work beyond its cap quickly with RATE_LIMITED instead of queueing it', async () => {
    const capped = new PasswordHasher({ concurrency: 1, queue: 2 });
    const started = performance.now();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, index) => capped.hash(`storm password ${index}`)),
    );
    const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    expect(refused).toHaveLength(9);
    for (const outcome of refused) {
      const reason: unknown = outcome.reason;
      expect(reason).toBeInstanceOf(DomainError);
      expect((reason as DomainError).code).toBe('RATE_LIMITED');
    }
    // Three hashes one after the other, nothing more: the refusals did not wait.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('the bounded semaphore', () => {
  it('runs at most `limit` at once and hands slots over in order', async () => {
    const gate = new BoundedSemaphore(2, 10);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        gate.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((resolve) => setTimeout(resolve, 5));
          order.push(index);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toHaveLength(8);
    expect(gate.running).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it('frees its slot when a task fails', async () => {
    const gate = new BoundedSemaphore(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});

describe('opaque tokens', () => {
  it('carry their school and are stored only as a hash', () => {
    const schoolId = '6f1c2c8e-2f55-4f5e-9d8a-3b0c1e2d4f60';
    const { token, hash: digest } = newOpaqueToken(schoolId, 32);
    expect(token.startsWith(`${schoolId}.`)).toBe(true);
    expect(token.length).toBe(36 + 1 + 43);
    expect(readOpaqueToken(token, 32)).toEqual({ schoolId, hash: digest });
    expect(readOpaqueToken(token, 16)).toBeNull();
    expect(readOpaqueToken(`${schoolId}.short`, 32)).toBeNull();
    expect(readOpaqueToken('not-a-school.AAAA', 32)).toBeNull();
    expect(readOpaqueToken('', 32)).toBeNull();
  });
});
