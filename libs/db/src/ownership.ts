import type { TenantDatabase } from './tenant.js';

/** Which records a user relates to, by the domains' published ownership functions. */
export interface OwnershipFacts {
  /** Students the user is, is a linked guardian of, or teaches (ACTIVE, current academic year). */
  studentIds: string[];
  /** Sections the user is class teacher of or has a teaching assignment in (any year). */
  sectionIds: string[];
}

export interface OwnershipQuestion {
  /** Ask academics which sections and students the user teaches. */
  asTeacher: boolean;
  /** Ask identity for the user's own student record and their linked children. */
  asFamily: boolean;
}

/**
 * Reads a user's ownership facts in one round trip through the SQL functions each domain publishes
 * for the others (migration `record_ownership`): no subgraph reads another's tables.
 */
export async function readOwnershipFacts(
  db: TenantDatabase,
  schoolId: string,
  userId: string,
  question: OwnershipQuestion,
): Promise<OwnershipFacts> {
  if (!question.asTeacher && !question.asFamily) return { studentIds: [], sectionIds: [] };
  const rows = await db.forTenant(schoolId).$queryRaw<{ kind: 'student' | 'section'; id: string }[]>`
    SELECT 'student' AS kind, id FROM identity_student_ids_of_user(${userId}::uuid) AS id WHERE ${question.asFamily}
    UNION
    SELECT 'student', id FROM academics_student_ids_taught_by_user(${userId}::uuid) AS id WHERE ${question.asTeacher}
    UNION ALL
    SELECT 'section', id FROM academics_section_ids_taught_by_user(${userId}::uuid) AS id WHERE ${question.asTeacher}`;
  const facts: OwnershipFacts = { studentIds: [], sectionIds: [] };
  for (const row of rows) (row.kind === 'student' ? facts.studentIds : facts.sectionIds).push(row.id);
  return facts;
}
