import type { UserError } from '@schools24/errors';
import { userError } from '@schools24/errors';
import type { AdminErrorCode } from '../generated/resolvers-types.js';

export type AdminError = UserError<AdminErrorCode>;

/** Collects the problems of one input, so a form shows them all at once. */
export class Problems {
  readonly errors: AdminError[] = [];

  add(code: AdminErrorCode, message: string, field: string[]): void {
    this.errors.push(userError(code, message, field));
  }

  /** A trimmed text of 1..max characters, or undefined (with a problem) when it is not one. */
  text(value: string, max: number, field: string[], what: string): string {
    const trimmed = value.trim();
    if (trimmed.length === 0 || trimmed.length > max) {
      this.add('INVALID_INPUT', `${what} must be 1 to ${max} characters.`, field);
    }
    return trimmed;
  }

  /** Like `text`, but empty means "not given" (null). */
  optionalText(value: string | null | undefined, max: number, field: string[], what: string): string | null {
    const trimmed = value?.trim() ?? '';
    if (trimmed.length === 0) return null;
    if (trimmed.length > max) this.add('INVALID_INPUT', `${what} must be at most ${max} characters.`, field);
    return trimmed;
  }

  email(value: string, field: string[]): string {
    const folded = value.trim().toLowerCase();
    if (!EMAIL.test(folded) || folded.length > 254)
      this.add('INVALID_INPUT', 'Enter a valid email address.', field);
    return folded;
  }

  optionalEmail(value: string | null | undefined, field: string[]): string | null {
    return value?.trim() ? this.email(value, field) : null;
  }

  /** A calendar date between 1900 and today. */
  pastDate(value: Date, field: string[], what: string): Date {
    const today = new Date();
    if (Number.isNaN(value.getTime()) || value.getUTCFullYear() < 1900 || value > today) {
      this.add('INVALID_DATE', `${what} must be a date between 1900 and today.`, field);
    }
    return value;
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `YYYY-MM-DD` as a UTC midnight Date, or null when it is not a real calendar date. */
export function parseIsoDate(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    ? date
    : null;
}
