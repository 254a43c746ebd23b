import { randomUUID } from 'node:crypto';
import { createCachedLoader, invalidateCached, type CacheScope } from '@schools24/cache-loader';
import type { Logger } from '@schools24/logger';
import { tenantKey, type Redis } from '@schools24/redis';
import type { AcademicsRepositories } from '../repositories/index.js';

/**
 * The gradebook's caches. A gradebook's facts (section × subject × term) are cached whole, under a
 * key that carries three generations: the school's (terms), the section's (its roster) and the
 * (section, subject)'s (its assessments, grades, categories, overrides). A write that changes a
 * gradebook knows its section and subject but not which terms its facts fall in, so instead of
 * deleting keys it replaces a generation: the next read computes a new key and misses. A missing
 * generation is created with a fresh random value (never "0"), so a lost generation key can never
 * bring back an entry written under an older one; stale entries just expire by their TTL.
 * Scales are applied at read time from their own cached entry, so a scale change is one delete.
 */
export const GradebookCache = {
  facts: 'academics:gradebook-facts:v1',
  scales: 'academics:grading-scales:v1',
} as const;

/** The only key of the scales loader: the tenant is already part of every cache key. */
export const SCALES_KEY = 'school';

const generationKey = (schoolId: string, ...parts: string[]) =>
  tenantKey(schoolId, 'gradebook-generation', ...parts.map((part) => part.toLowerCase()));

// Reads the generations, creating missing ones, in one round trip.
const READ_GENERATIONS = `
local out = {}
for i, key in ipairs(KEYS) do
  local value = redis.call('GET', key)
  if not value then
    value = ARGV[1] .. '.' .. i
    redis.call('SET', key, value)
  end
  out[i] = value
end
return out`;

/** The generation part of a gradebook's cache key. */
export async function gradebookGeneration(
  redis: Redis,
  schoolId: string,
  sectionId: string,
  subjectId: string,
): Promise<string> {
  const keys = [
    generationKey(schoolId, 'school'),
    generationKey(schoolId, 'section', sectionId),
    generationKey(schoolId, 'pair', sectionId, subjectId),
  ];
  const values = (await redis.eval(READ_GENERATIONS, keys.length, ...keys, randomUUID())) as string[];
  return values.join('/');
}

/** What a write changed, for the gradebooks: (section, subject) pairs, whole sections, the school. */
export interface GradebookChange {
  pairs?: readonly { sectionId: string; subjectId: string }[];
  sectionIds?: readonly string[];
  school?: boolean;
  scales?: boolean;
}

/**
 * After a commit: makes the gradebooks the write changed read afresh. Best effort (a Redis failure
 * is logged; entries still expire with their TTL), like the other caches' invalidation.
 */
export async function touchGradebooks(
  redis: Redis,
  schoolId: string,
  change: GradebookChange,
  logger?: Logger,
): Promise<void> {
  const keys = [
    ...(change.school ? [generationKey(schoolId, 'school')] : []),
    ...(change.sectionIds ?? []).map((id) => generationKey(schoolId, 'section', id)),
    ...(change.pairs ?? []).map((pair) => generationKey(schoolId, 'pair', pair.sectionId, pair.subjectId)),
  ];
  try {
    const unique = [...new Set(keys)];
    if (unique.length > 0) {
      const pipeline = redis.pipeline();
      for (const key of unique) pipeline.set(key, randomUUID());
      await pipeline.exec();
    }
    if (change.scales) await invalidateCached({ redis, schoolId }, GradebookCache.scales, [SCALES_KEY]);
  } catch (error) {
    logger?.warn({ err: error, schoolId }, 'gradebook cache invalidation failed');
  }
}

/** Key of the facts loader: `<section>:<subject>:<term>:<generation>`. */
export interface GradebookKey {
  sectionId: string;
  subjectId: string;
  termId: string;
  generation: string;
}

const factsKey = (key: GradebookKey) =>
  `${key.sectionId}:${key.subjectId}:${key.termId}`.toLowerCase() + `:${key.generation}`;

/** Loaders of the gradebook (part of `createAcademicsLoaders`). */
export function createGradebookLoaders(scope: CacheScope, repos: AcademicsRepositories) {
  const { schoolId } = scope;
  return {
    gradebookFacts: createCachedLoader(scope, {
      namespace: GradebookCache.facts,
      keyToString: factsKey,
      // A request reads one gradebook (or a few): one transaction of constant queries each.
      batchLoad: async (keys: readonly GradebookKey[]) => {
        const entries = await Promise.all(
          keys.map(
            async (key) =>
              [
                key,
                await repos.gradebook.sectionFacts(schoolId, key.termId, key.sectionId, key.subjectId),
              ] as const,
          ),
        );
        return new Map(
          entries.filter((entry) => entry[1] !== null) as [
            GradebookKey,
            NonNullable<(typeof entries)[number][1]>,
          ][],
        );
      },
    }),
    gradingScales: createCachedLoader(scope, {
      namespace: GradebookCache.scales,
      batchLoad: async (keys: readonly string[]) => {
        const scales = await repos.gradebook.schoolScales(schoolId);
        return new Map(keys.map((key) => [key, scales]));
      },
    }),
  };
}
