import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { userError } from '@schools24/errors';
import type { Gender, GuardianRelationship } from '@schools24/db';
import type { AdminErrorCode } from '../generated/resolvers-types.js';
import type { StudentImport } from '../repositories/admin-repository.js';
import { parseIsoDate, type AdminError } from './admin-validation.js';

export const IMPORT_MAX_ROWS = 2000;
export const IMPORT_MAX_BYTES = 1024 * 1024;

const GUARDIAN_COLUMNS = ['GivenName', 'FamilyName', 'Relationship', 'Email', 'Phone'] as const;
/** The documented header, in this order. */
export const IMPORT_HEADER = [
  'admissionNumber',
  'givenName',
  'familyName',
  'dateOfBirth',
  'gender',
  'admittedOn',
  ...GUARDIAN_COLUMNS.map((column) => `guardian1${column}`),
  ...GUARDIAN_COLUMNS.map((column) => `guardian2${column}`),
] as const;

const GENDERS: ReadonlySet<string> = new Set<Gender>(['FEMALE', 'MALE', 'OTHER', 'UNDISCLOSED']);
const RELATIONSHIPS: ReadonlySet<string> = new Set<GuardianRelationship>([
  'MOTHER',
  'FATHER',
  'GRANDPARENT',
  'SIBLING',
  'LEGAL_GUARDIAN',
  'OTHER',
]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ImportRowError {
  line: number;
  column: string | null;
  message: string;
  code: AdminErrorCode;
}

export interface ImportLookups {
  takenAdmissionNumbers(numbers: readonly string[]): Promise<Set<string>>;
  /** Existing guardians' ids by lower-cased email. */
  guardiansByEmail(emails: readonly string[]): Promise<Map<string, string>>;
  progress(phase: 'parsed' | 'validated', done: number, total: number): void;
}

export type PlannedImport =
  { fileError: AdminError } | { plan: StudentImport; rowCount: number; rowErrors: ImportRowError[] };

const fileError = (message: string): { fileError: AdminError } => ({
  fileError: userError('INVALID_CSV', message, ['input', 'csv']),
});

/**
 * Reads and checks a student CSV against the school, and plans what to write: students, the
 * guardians not already known (matched by email, in the school and earlier in the file), and the
 * links. Every problem is collected with its line; the caller writes only a plan without any.
 */
export async function planStudentImport(csv: string, lookups: ImportLookups): Promise<PlannedImport> {
  if (Buffer.byteLength(csv, 'utf8') > IMPORT_MAX_BYTES) return fileError('The file is larger than 1 MB.');
  let parsed: unknown[];
  try {
    // With `info`, each item is `{ record, info }` (csv-parse's types do not say so: checked below).
    parsed = parse(csv, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      // One more than allowed (plus the header), to tell "too many" from "exactly the limit".
      to: IMPORT_MAX_ROWS + 2,
    });
  } catch (error) {
    const where = error instanceof Error && 'lines' in error ? ` (line ${String(error.lines)})` : '';
    return fileError(`The file is not valid CSV${where}.`);
  }
  const records = parsed.filter(isParsedRow);
  if (records.length !== parsed.length) throw new Error('csv-parse returned rows without their info');
  const [header, ...rows] = records;
  if (!header || header.record.join(',') !== IMPORT_HEADER.join(','))
    return fileError(`The first line must be the header: ${IMPORT_HEADER.join(',')}`);
  if (rows.length === 0) return fileError('The file has no rows under the header.');
  if (rows.length > IMPORT_MAX_ROWS) return fileError(`The file has more than ${IMPORT_MAX_ROWS} rows.`);
  lookups.progress('parsed', rows.length, rows.length);

  const errors: ImportRowError[] = [];
  const problem = (line: number, column: string | null, code: AdminErrorCode, message: string) =>
    errors.push({ line, column, code, message });

  const numbers = rows.map((row) => row.record[0] ?? '');
  const emails = rows
    .flatMap((row) => [row.record[9] ?? '', row.record[14] ?? ''])
    .map((email) => email.toLowerCase())
    .filter((email) => email !== '');
  const [taken, knownGuardians] = await Promise.all([
    lookups.takenAdmissionNumbers(numbers.filter((number) => number !== '')),
    lookups.guardiansByEmail([...new Set(emails)]),
  ]);

  const plan: StudentImport = { students: [], guardians: [], links: [] };
  const seenNumbers = new Map<string, number>();
  const guardianIdByEmail = new Map(knownGuardians);
  for (const { record, info } of rows) {
    const line = info.lines;
    if (record.length !== IMPORT_HEADER.length) {
      problem(
        line,
        null,
        'INVALID_CSV',
        `The row has ${record.length} fields; the header has ${IMPORT_HEADER.length}.`,
      );
      continue;
    }
    const cell = (index: number) => record[index] ?? '';
    const text = (index: number, max: number, required: boolean) => {
      const value = cell(index);
      const column = IMPORT_HEADER[index] ?? null;
      if (required && value === '') problem(line, column, 'INVALID_INPUT', `${column} is required.`);
      else if (value.length > max)
        problem(line, column, 'INVALID_INPUT', `${column} must be at most ${max} characters.`);
      return value;
    };
    const date = (index: number) => {
      const parsed = parseIsoDate(cell(index));
      const column = IMPORT_HEADER[index] ?? null;
      if (!parsed || parsed.getUTCFullYear() < 1900 || parsed > new Date()) {
        problem(
          line,
          column,
          'INVALID_DATE',
          `${column} must be a date (YYYY-MM-DD) between 1900 and today.`,
        );
        return null;
      }
      return parsed;
    };
    const admissionNumber = text(0, 32, true);
    const givenName = text(1, 100, true);
    const familyName = text(2, 100, true);
    const dateOfBirth = date(3);
    const genderText = cell(4).toUpperCase() || 'UNDISCLOSED';
    if (!GENDERS.has(genderText))
      problem(line, 'gender', 'INVALID_INPUT', `gender must be one of ${[...GENDERS].join(', ')}.`);
    const admittedOn = date(5);
    if (dateOfBirth && admittedOn && admittedOn < dateOfBirth)
      problem(line, 'admittedOn', 'INVALID_DATE', 'admittedOn must not be before dateOfBirth.');
    if (admissionNumber !== '') {
      const earlier = seenNumbers.get(admissionNumber);
      if (taken.has(admissionNumber))
        problem(
          line,
          'admissionNumber',
          'ADMISSION_NUMBER_TAKEN',
          'A student of this school already has this admission number.',
        );
      else if (earlier !== undefined)
        problem(
          line,
          'admissionNumber',
          'ADMISSION_NUMBER_TAKEN',
          `Line ${earlier} has the same admission number.`,
        );
      else seenNumbers.set(admissionNumber, line);
    }
    const studentId = randomUUID();
    const links: StudentImport['links'] = [];
    const guardians: StudentImport['guardians'] = [];
    for (const [slot, start] of [
      [1, 6],
      [2, 11],
    ] as const) {
      const values = record.slice(start, start + GUARDIAN_COLUMNS.length);
      if (values.every((value) => value === '')) continue;
      const column = (name: (typeof GUARDIAN_COLUMNS)[number]) => `guardian${slot}${name}`;
      const guardianGiven = text(start, 100, true);
      const guardianFamily = text(start + 1, 100, true);
      const relationship = cell(start + 2).toUpperCase();
      if (!RELATIONSHIPS.has(relationship))
        problem(
          line,
          column('Relationship'),
          'INVALID_INPUT',
          `${column('Relationship')} must be one of ${[...RELATIONSHIPS].join(', ')}.`,
        );
      const email = cell(start + 3).toLowerCase();
      if (email !== '' && (!EMAIL.test(email) || email.length > 254))
        problem(line, column('Email'), 'INVALID_INPUT', `${column('Email')} is not a valid email address.`);
      const phone = text(start + 4, 32, false);
      let guardianId = email ? guardianIdByEmail.get(email) : undefined;
      if (!guardianId) {
        guardianId = randomUUID();
        guardians.push({
          id: guardianId,
          givenName: guardianGiven,
          familyName: guardianFamily,
          email: email || null,
          phone: phone || null,
        });
      }
      if (links.some((link) => link.guardianId === guardianId)) {
        problem(line, column('Email'), 'ALREADY_LINKED', 'Both guardians of this row are the same person.');
        continue;
      }
      links.push({
        studentId,
        guardianId,
        relationship: relationship as GuardianRelationship,
        hasCustody: true,
        contactPriority: slot,
        mayPickUp: true,
        receivesSms: true,
      });
    }
    if (errors.some((error) => error.line === line)) continue;
    // Only a valid row's new guardians become known by email to later rows.
    for (const guardian of guardians) if (guardian.email) guardianIdByEmail.set(guardian.email, guardian.id);
    plan.students.push({
      id: studentId,
      admissionNumber,
      givenName,
      familyName,
      dateOfBirth: dateOfBirth as Date,
      gender: genderText as Gender,
      admittedOn: admittedOn as Date,
    });
    plan.guardians.push(...guardians);
    plan.links.push(...links);
  }
  lookups.progress('validated', rows.length, rows.length);
  return { plan, rowCount: rows.length, rowErrors: errors };
}

interface ParsedRow {
  record: string[];
  info: { lines: number };
}

function isParsedRow(value: unknown): value is ParsedRow {
  if (typeof value !== 'object' || value === null || !('record' in value) || !('info' in value)) return false;
  const { record, info } = value;
  return (
    Array.isArray(record) &&
    record.every((cell) => typeof cell === 'string') &&
    typeof info === 'object' &&
    info !== null &&
    'lines' in info &&
    typeof info.lines === 'number'
  );
}
