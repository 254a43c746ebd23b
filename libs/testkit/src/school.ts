import { randomBytes } from 'node:crypto';
import type { Database } from '@schools24/db';
import { seedSchool, type SeededSchool, type SeedOptions } from '@schools24/seed';
import { rememberSchoolAdmin } from './auth.js';

/**
 * Seeds a fresh school with a unique code, so tests in parallel never share data; returns it and a
 * cleanup that deletes it (every tenant table cascades from School).
 */
export async function createTestSchool(
  db: Database,
  options: Partial<Omit<SeedOptions, 'code'>> = {},
): Promise<SeededSchool & { remove: () => Promise<void> }> {
  const code = `T${randomBytes(5).toString('hex').toUpperCase()}`;
  const school = await seedSchool(db, { students: 40, teachers: 12, seed: 7, ...options, code });
  const admin = school.logins.find((login) => login.role === 'SCHOOL_ADMIN');
  if (admin) rememberSchoolAdmin(school.schoolId, admin.userId);
  return {
    ...school,
    remove: async () => void (await db.school.deleteMany({ where: { id: school.schoolId } })),
  };
}

/** The year before the seeded one (2025-26, not current), for tests that need history. */
export function addPastAcademicYear(db: Database, schoolId: string): Promise<{ id: string }> {
  return db.academicYear.create({
    data: {
      schoolId,
      name: '2025-26',
      startsOn: new Date(Date.UTC(2025, 3, 1)),
      endsOn: new Date(Date.UTC(2026, 2, 31)),
      isCurrent: false,
    },
    select: { id: true },
  });
}
