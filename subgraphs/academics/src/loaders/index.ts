import {
  createCachedLoader,
  groupBy,
  indexBy,
  invalidateCached,
  type CacheScope,
} from '@schools24/cache-loader';
import type { Redis } from '@schools24/redis';
import { isUuid, onlyUuids } from '@schools24/graphql';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { TeachingAssignmentRecord } from '../repositories/section-repository.js';
import { createTimetableLoaders } from './timetable.js';
import { createQuizLoaders, QuizCache } from './quiz-loaders.js';
import { createGradebookLoaders } from './gradebook-cache.js';

export type AcademicsLoaders = ReturnType<typeof createAcademicsLoaders>;

/** Cache namespaces, shared with the services that invalidate them after writes. */
export const AcademicsCache = {
  academicYear: 'academics:academic-year',
  currentAcademicYear: 'academics:current-academic-year',
  term: 'academics:term',
  termsByAcademicYear: 'academics:terms-by-academic-year',
  grade: 'academics:grade',
  section: 'academics:section',
  sectionsByAcademicYear: 'academics:sections-by-academic-year',
  classSectionsByTeacher: 'academics:class-sections-by-teacher',
  subject: 'academics:subject',
  teachingAssignmentsBySection: 'academics:teaching-assignments-by-section',
  teachingAssignmentsByTeacher: 'academics:teaching-assignments-by-teacher',
  enrolment: 'academics:enrolment',
  enrolmentsByStudent: 'academics:enrolments-by-student',
  // v2: homework records carry the late policy and cancellation (older cached shapes lack them).
  homework: 'academics:homework:v2',
  excusalsByHomework: 'academics:excusals-by-homework',
  ...QuizCache,
  exam: 'academics:exam',
  examPaper: 'academics:exam-paper',
} as const;

/** The only key of `currentAcademicYear`: the tenant is already part of every cache key. */
export const CURRENT_YEAR_KEY = 'current';

/** A teacher within one academic year: the key of the per-year teacher loaders. */
export interface TeacherInYear {
  academicYearId: string;
  teacherId: string;
}

const teacherInYearKey = (key: TeacherInYear) => `${key.academicYearId}:${key.teacherId}`;

/**
 * One list per key; keys that are not UUIDs are left out (they resolve to null, which callers read
 * as an empty list) so a malformed id never fills the cache. PostgreSQL returns UUIDs lower-cased,
 * so keys are matched lower-cased too.
 */
function listsByKey<V>(
  keys: readonly string[],
  rows: readonly V[],
  keyOf: (row: V) => string,
): Map<string, V[]> {
  const grouped = groupBy(rows, keyOf);
  return new Map(onlyUuids(keys).map((key): [string, V[]] => [key, grouped.get(key.toLowerCase()) ?? []]));
}

const isTeacherInYear = (key: TeacherInYear) => isUuid(key.academicYearId) && isUuid(key.teacherId);

/** Per-request loaders of one tenant; each batch is one MGET plus at most one SQL query. */
export function createAcademicsLoaders(scope: CacheScope, repos: AcademicsRepositories) {
  const { schoolId } = scope;
  const byId = <T extends { id: string }>(rows: T[]) => indexBy(rows, (row) => row.id);
  return {
    academicYear: createCachedLoader(scope, {
      namespace: AcademicsCache.academicYear,
      batchLoad: async (ids: readonly string[]) => byId(await repos.academicYears.findByIds(schoolId, ids)),
    }),
    currentAcademicYear: createCachedLoader(scope, {
      namespace: AcademicsCache.currentAcademicYear,
      batchLoad: async (keys: readonly string[]) => {
        const current = await repos.academicYears.findCurrent(schoolId);
        return new Map(current ? keys.map((key) => [key, current]) : []);
      },
    }),
    term: createCachedLoader(scope, {
      namespace: AcademicsCache.term,
      batchLoad: async (ids: readonly string[]) =>
        byId(await repos.academicYears.findTermsByIds(schoolId, ids)),
    }),
    termsByAcademicYear: createCachedLoader(scope, {
      namespace: AcademicsCache.termsByAcademicYear,
      batchLoad: async (yearIds: readonly string[]) =>
        listsByKey(
          yearIds,
          await repos.academicYears.termsOfYears(schoolId, yearIds),
          (term) => term.academicYearId,
        ),
    }),
    grade: createCachedLoader(scope, {
      namespace: AcademicsCache.grade,
      batchLoad: async (ids: readonly string[]) => byId(await repos.grades.findByIds(schoolId, ids)),
    }),
    section: createCachedLoader(scope, {
      namespace: AcademicsCache.section,
      batchLoad: async (ids: readonly string[]) => byId(await repos.sections.findByIds(schoolId, ids)),
    }),
    sectionsByAcademicYear: createCachedLoader(scope, {
      namespace: AcademicsCache.sectionsByAcademicYear,
      batchLoad: async (yearIds: readonly string[]) =>
        listsByKey(
          yearIds,
          await repos.sections.ofAcademicYears(schoolId, yearIds),
          (section) => section.academicYearId,
        ),
    }),
    classSectionsByTeacher: createCachedLoader(scope, {
      namespace: AcademicsCache.classSectionsByTeacher,
      keyToString: teacherInYearKey,
      batchLoad: async (keys: readonly TeacherInYear[]) => {
        const valid = keys.filter(isTeacherInYear);
        if (valid.length === 0) return new Map();
        const rows = await repos.sections.classSectionsOf(
          schoolId,
          valid.map((key) => key.academicYearId),
          valid.map((key) => key.teacherId),
        );
        // The query matches every (year, teacher) pair of the two id lists; keep only the asked pairs.
        const grouped = groupBy(
          rows,
          (section) => `${section.academicYearId}:${section.classTeacherId ?? ''}`,
        );
        return new Map(valid.map((key) => [key, grouped.get(teacherInYearKey(key).toLowerCase()) ?? []]));
      },
    }),
    subject: createCachedLoader(scope, {
      namespace: AcademicsCache.subject,
      batchLoad: async (ids: readonly string[]) => byId(await repos.subjects.findByIds(schoolId, ids)),
    }),
    teachingAssignmentsBySection: createCachedLoader(scope, {
      namespace: AcademicsCache.teachingAssignmentsBySection,
      batchLoad: async (sectionIds: readonly string[]) =>
        listsByKey(
          sectionIds,
          await repos.sections.assignmentsOfSections(schoolId, sectionIds),
          (row) => row.sectionId,
        ),
    }),
    teachingAssignmentsByTeacher: createCachedLoader(scope, {
      namespace: AcademicsCache.teachingAssignmentsByTeacher,
      keyToString: teacherInYearKey,
      batchLoad: async (keys: readonly TeacherInYear[]) => {
        const valid = keys.filter(isTeacherInYear);
        const result = new Map<TeacherInYear, TeachingAssignmentRecord[]>();
        // Assignments carry no year of their own (it is the section's), so a query covers one year.
        // A batch spans one year in practice: the field's argument (or the current year) is the same
        // for every teacher in a list, so this is one SQL query unless a request aliases years.
        await Promise.all(
          [...groupBy(valid, (key) => key.academicYearId.toLowerCase())].map(
            async ([academicYearId, yearKeys]) => {
              const rows = await repos.sections.assignmentsOfTeachers(
                schoolId,
                academicYearId,
                yearKeys.map((key) => key.teacherId),
              );
              const grouped = groupBy(rows, (row) => row.teacherId);
              for (const key of yearKeys) result.set(key, grouped.get(key.teacherId.toLowerCase()) ?? []);
            },
          ),
        );
        return result;
      },
    }),
    enrolment: createCachedLoader(scope, {
      namespace: AcademicsCache.enrolment,
      batchLoad: async (ids: readonly string[]) => byId(await repos.enrolments.findByIds(schoolId, ids)),
    }),
    enrolmentsByStudent: createCachedLoader(scope, {
      namespace: AcademicsCache.enrolmentsByStudent,
      batchLoad: async (studentIds: readonly string[]) =>
        listsByKey(
          studentIds,
          await repos.enrolments.ofStudents(schoolId, studentIds),
          (row) => row.studentId,
        ),
    }),
    homework: createCachedLoader(scope, {
      namespace: AcademicsCache.homework,
      batchLoad: async (ids: readonly string[]) => byId(await repos.homework.findByIds(schoolId, ids)),
    }),
    ...createTimetableLoaders(scope, repos),
    excusalsByHomework: createCachedLoader(scope, {
      namespace: AcademicsCache.excusalsByHomework,
      batchLoad: async (homeworkIds: readonly string[]) =>
        listsByKey(
          homeworkIds,
          await repos.homeworkManage.excusalsOf(schoolId, homeworkIds),
          (row) => row.homeworkId,
        ),
    }),
    ...createQuizLoaders(scope, repos),
    ...createGradebookLoaders(scope, repos),
    exam: createCachedLoader(scope, {
      namespace: AcademicsCache.exam,
      batchLoad: async (ids: readonly string[]) => byId(await repos.exams.findByIds(schoolId, ids)),
    }),
    examPaper: createCachedLoader(scope, {
      namespace: AcademicsCache.examPaper,
      batchLoad: async (ids: readonly string[]) => byId(await repos.exams.findPapersByIds(schoolId, ids)),
    }),
  };
}

type TeacherKeyed = 'classSectionsByTeacher' | 'teachingAssignmentsByTeacher';
type IdKeyed = Exclude<keyof typeof AcademicsCache, TeacherKeyed>;

/** What a write made stale, by loader: ids, or (teacher, year) pairs for the per-teacher lists. */
export type StaleEntries = { [K in IdKeyed]?: readonly (string | null | undefined)[] } & {
  [K in TeacherKeyed]?: readonly TeacherInYear[];
};

/**
 * After a commit: drops the cached copies in Redis and in this request's loaders (a payload's nested
 * fields are resolved by the same loaders, which may have read the old value for the checks).
 */
export async function forgetStale(
  redis: Redis,
  schoolId: string,
  loaders: AcademicsLoaders,
  stale: StaleEntries,
): Promise<void> {
  const work: Promise<void>[] = [];
  for (const [name, keys] of Object.entries(stale) as [keyof typeof AcademicsCache, readonly unknown[]][]) {
    if (name === 'classSectionsByTeacher' || name === 'teachingAssignmentsByTeacher') {
      const pairs = keys as readonly TeacherInYear[];
      for (const pair of pairs) loaders[name].clear(pair);
      work.push(invalidateCached({ redis, schoolId }, AcademicsCache[name], pairs.map(teacherInYearKey)));
    } else {
      const ids = [
        ...new Set((keys as readonly (string | null | undefined)[]).filter((id): id is string => !!id)),
      ];
      const loader = loaders[name] as { clear: (key: string) => unknown };
      for (const id of ids) loader.clear(id);
      work.push(invalidateCached({ redis, schoolId }, AcademicsCache[name], ids));
    }
  }
  await Promise.all(work);
}
