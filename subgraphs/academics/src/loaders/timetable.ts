import {
  createCachedLoader,
  groupBy,
  indexBy,
  invalidateCached,
  type CacheScope,
} from '@schools24/cache-loader';
import { isUuid, onlyUuids } from '@schools24/graphql';
import type { Redis } from '@schools24/redis';
import type { OwnRecords } from '../repositories/homework-repository.js';
import type { AcademicsRepositories } from '../repositories/index.js';
import type { TimetableEntryRecord } from '../repositories/timetable-repository.js';

/** Cache namespaces of the timetable loaders, shared with the service that invalidates them. */
export const TimetableCache = {
  bellPeriods: 'academics:bell-periods',
  rooms: 'academics:rooms',
  room: 'academics:room',
  timetableEntry: 'academics:timetable-entry',
  timetableBySection: 'academics:timetable-by-section',
  timetableByTeacher: 'academics:timetable-by-teacher',
  substitutionsByDate: 'academics:substitutions-by-date',
  ownRecordsByUser: 'academics:own-records-by-user',
} as const;

/** The only key of the whole-school lists (the tenant is already part of every cache key). */
export const SCHOOL_KEY = 'school';

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

/** A teacher within one academic year, as `yearId:teacherId`. */
export const teacherYearKey = (academicYearId: string, teacherId: string) =>
  `${academicYearId.toLowerCase()}:${teacherId.toLowerCase()}`;

export type TimetableLoaders = ReturnType<typeof createTimetableLoaders>;

/**
 * Per-request loaders of the timetable; each batch is one MGET plus at most one SQL query, so the
 * day views cost a constant number of queries cold and none warm.
 */
export function createTimetableLoaders(scope: CacheScope, repos: AcademicsRepositories) {
  const { schoolId } = scope;
  const repo = repos.timetable;
  const lists = <V>(keys: readonly string[], rows: readonly V[], keyOf: (row: V) => string) => {
    const grouped = groupBy(rows, keyOf);
    return new Map(keys.map((key): [string, V[]] => [key, grouped.get(key.toLowerCase()) ?? []]));
  };
  return {
    bellPeriods: createCachedLoader(scope, {
      namespace: TimetableCache.bellPeriods,
      batchLoad: async (keys: readonly string[]) => {
        const periods = await repo.bellPeriods(schoolId);
        return new Map(keys.map((key) => [key, periods]));
      },
    }),
    rooms: createCachedLoader(scope, {
      namespace: TimetableCache.rooms,
      batchLoad: async (keys: readonly string[]) => {
        const rooms = await repo.rooms(schoolId);
        return new Map(keys.map((key) => [key, rooms]));
      },
    }),
    room: createCachedLoader(scope, {
      namespace: TimetableCache.room,
      batchLoad: async (ids: readonly string[]) =>
        indexBy(await repo.roomsByIds(schoolId, ids), (row) => row.id),
    }),
    timetableEntry: createCachedLoader(scope, {
      namespace: TimetableCache.timetableEntry,
      batchLoad: async (ids: readonly string[]) =>
        indexBy(await repo.entriesByIds(schoolId, ids), (row) => row.id),
    }),
    timetableBySection: createCachedLoader(scope, {
      namespace: TimetableCache.timetableBySection,
      batchLoad: async (sectionIds: readonly string[]) => {
        const valid = onlyUuids(sectionIds);
        return lists(valid, await repo.entriesOfSections(schoolId, valid), (row) => row.sectionId);
      },
    }),
    timetableByTeacher: createCachedLoader(scope, {
      namespace: TimetableCache.timetableByTeacher,
      batchLoad: async (keys: readonly string[]) => {
        const valid = keys.filter((key) => {
          const [year, teacher] = key.split(':');
          return isUuid(year ?? '') && isUuid(teacher ?? '');
        });
        const result = new Map<string, TimetableEntryRecord[]>();
        // One year per request in practice (the day's year), so one query.
        await Promise.all(
          [...groupBy(valid, (key) => key.split(':')[0] ?? '')].map(async ([year, yearKeys]) => {
            const rows = await repo.entriesOfTeachers(
              schoolId,
              year,
              yearKeys.map((key) => key.split(':')[1] ?? ''),
            );
            const grouped = groupBy(rows, (row) => teacherYearKey(row.academicYearId, row.teacherId));
            for (const key of yearKeys) result.set(key, grouped.get(key.toLowerCase()) ?? []);
          }),
        );
        return result;
      },
    }),
    substitutionsByDate: createCachedLoader(scope, {
      namespace: TimetableCache.substitutionsByDate,
      batchLoad: async (days: readonly string[]) => {
        const valid = days.filter((day) => DATE_KEY.test(day) && !Number.isNaN(Date.parse(day)));
        if (valid.length === 0) return new Map();
        const rows = await repo.substitutionsOn(
          schoolId,
          valid.map((day) => new Date(`${day}T00:00:00Z`)),
        );
        return lists(valid, rows, (row) => row.date.toISOString().slice(0, 10));
      },
    }),
    /**
     * Which student and teacher record a user is. Identity sets a record's user once (when the
     * account is made) and never moves it to another person, so caching it for the TTL is safe and
     * saves the day views a query per request.
     */
    ownRecordsByUser: createCachedLoader(scope, {
      namespace: TimetableCache.ownRecordsByUser,
      batchLoad: async (userIds: readonly string[]) => {
        const valid = onlyUuids(userIds);
        const rows = await Promise.all(valid.map((id) => repos.homework.ownRecords(schoolId, id)));
        return new Map<string, OwnRecords>(valid.map((id, index) => [id, rows[index] as OwnRecords]));
      },
    }),
  };
}

/** What a timetable write made stale, by loader. */
export type TimetableStale = { [K in keyof typeof TimetableCache]?: readonly (string | null | undefined)[] };

/** After a commit: drops the cached copies in Redis and in this request's loaders. */
export async function forgetTimetable(
  redis: Redis,
  schoolId: string,
  loaders: TimetableLoaders,
  stale: TimetableStale,
): Promise<void> {
  await Promise.all(
    (Object.entries(stale) as [keyof typeof TimetableCache, readonly (string | null | undefined)[]][]).map(
      ([name, keys]) => {
        const ids = [...new Set(keys.filter((key): key is string => !!key))];
        const loader = loaders[name] as { clear: (key: string) => unknown };
        for (const id of ids) loader.clear(id);
        return invalidateCached({ redis, schoolId }, TimetableCache[name], ids);
      },
    ),
  );
}
