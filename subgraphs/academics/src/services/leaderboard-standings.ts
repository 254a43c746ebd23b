import { randomUUID } from 'node:crypto';
import { tenantKey, type Redis } from '@schools24/redis';
import type { StudentScore } from '../repositories/leaderboard-repository.js';

/** One leaderboard: a section's standings in one subject over one term. */
export interface LeaderboardScope {
  sectionId: string;
  subjectId: string;
  termId: string;
}

/** The key `leaderboardChanged` events carry (and the gateway's live query table matches on). */
export function leaderboardScopeKey(scope: LeaderboardScope): string {
  return `section:${scope.sectionId}:subject:${scope.subjectId}:term:${scope.termId}`.toLowerCase();
}

export interface RankedEntry {
  rank: number;
  studentId: string;
  score: number;
}

export interface Standings {
  /** Decimal digits; grows with every change. */
  version: string;
  totalCount: number;
  entries: RankedEntry[];
}

/**
 * Members are student ids, Redis scores are NEGATED points: ZRANGE (ascending) then yields the
 * leaderboard order directly — points descending, equal points by student id ascending (Redis orders
 * equal scores by member bytes, which for lower-case UUIDs is PostgreSQL's uuid order too). One
 * extra member, the empty string at +inf, marks a set that was built, so a leaderboard nobody has
 * points on yet is not rebuilt on every read; it sorts after every student.
 */
const BUILT = '';

/** Every write bumps the version; a missing one starts at Redis's clock in ms, so it never goes back. */
const BUMP = `
local function bump()
  if redis.call('EXISTS', KEYS[2]) == 0 then
    local t = redis.call('TIME')
    redis.call('SET', KEYS[2], string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)))
  end
  local version = redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], ARGV[2])
  return version
end
`;

/** KEYS: set, version, lock. ARGV: lock token, ttl ms, negated points or '' (no row), student id. */
const UPDATE = `${BUMP}
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return -1 end
if redis.call('EXISTS', KEYS[1]) == 1 then
  if ARGV[3] == '' then redis.call('ZREM', KEYS[1], ARGV[4]) else redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4]) end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return bump()
`;

/** KEYS: set, version, lock. ARGV: lock token, ttl ms, then (negated points, student id) pairs. */
const REBUILD = `${BUMP}
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return -1 end
redis.call('DEL', KEYS[1])
redis.call('ZADD', KEYS[1], 'inf', '')
for i = 3, #ARGV, 2 do redis.call('ZADD', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if redis.call('EXISTS', KEYS[2]) == 0 then return bump() end
return tonumber(redis.call('GET', KEYS[2]))
`;

/** KEYS: set, version. ARGV: how many from the top. Nil when the set or its version is missing. */
const READ = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local version = redis.call('GET', KEYS[2])
if not version then return false end
return { version, redis.call('ZCARD', KEYS[1]) - 1, redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES') }
`;

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export interface StandingsOptions {
  /** A set unwritten for this long expires and is rebuilt on the next read (bounds any drift). */
  ttlMs?: number;
  /** How long one writer may hold a scope's lock before it lapses. */
  lockMs?: number;
  /** How long a writer waits for the lock before it gives up. */
  lockWaitMs?: number;
}

export class LockUnavailableError extends Error {
  override readonly name = 'LockUnavailableError';
}

/**
 * The leaderboards' Redis side: sorted sets under the tenant's prefix. Every writer of a scope — an
 * update after a grade and a rebuild from PostgreSQL — runs under that scope's short lock, reads
 * PostgreSQL only once it holds it, and writes in a script that first checks it still holds it
 * (a writer whose lock lapsed writes nothing). Writers are therefore serialized and each reads after
 * every grade committed before it took the lock: the last write always reflects every grade.
 */
export class LeaderboardStandings {
  private readonly ttlMs: number;
  private readonly lockMs: number;
  private readonly lockWaitMs: number;

  constructor(
    private readonly redis: Redis,
    options: StandingsOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 24 * 3_600_000;
    this.lockMs = options.lockMs ?? 3_000;
    this.lockWaitMs = options.lockWaitMs ?? 5_000;
  }

  /** `scope` is a section leaderboard's scope, or the key of another kind of board (`quiz:<id>`). */
  keys(schoolId: string, scope: LeaderboardScope | string) {
    const key = typeof scope === 'string' ? scope : leaderboardScopeKey(scope);
    return {
      set: tenantKey(schoolId, 'leaderboard', key),
      version: tenantKey(schoolId, 'leaderboard-version', key),
      lock: tenantKey(schoolId, 'leaderboard-lock', key),
    };
  }

  /** The top `first` entries, or null when Redis does not hold this leaderboard. */
  async read(schoolId: string, scope: LeaderboardScope | string, first: number): Promise<Standings | null> {
    const keys = this.keys(schoolId, scope);
    const reply = (await this.redis.eval(READ, 2, keys.set, keys.version, first)) as
      [string, number, string[]] | null;
    if (!reply) return null;
    const [version, totalCount, flat] = reply;
    const scores: StudentScore[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const member = flat[i] as string;
      if (member !== BUILT) scores.push({ studentId: member, score: -Number(flat[i + 1]) });
    }
    return { version: String(version), totalCount, entries: rank(scores) };
  }

  /**
   * Runs `work` holding the scope's lock; `work` gets the token its writes must present. Throws
   * LockUnavailableError when the lock stays taken for `lockWaitMs`.
   */
  async withLock<T>(
    schoolId: string,
    scope: LeaderboardScope | string,
    work: (token: string) => Promise<T>,
  ): Promise<T> {
    const { lock } = this.keys(schoolId, scope);
    const token = randomUUID();
    const deadline = Date.now() + this.lockWaitMs;
    while ((await this.redis.set(lock, token, 'PX', this.lockMs, 'NX')) !== 'OK') {
      if (Date.now() > deadline) throw new LockUnavailableError(`leaderboard lock busy: ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    try {
      return await work(token);
    } finally {
      await this.redis.eval(RELEASE, 1, lock, token);
    }
  }

  /**
   * Sets one student's score (null: they have none) when the set exists — a missing set is left
   * for the next read to rebuild whole — and bumps the version. Returns the new version, or null
   * when the lock lapsed (nothing was written).
   */
  async update(
    schoolId: string,
    scope: LeaderboardScope | string,
    token: string,
    studentId: string,
    score: number | null,
  ): Promise<number | null> {
    const keys = this.keys(schoolId, scope);
    const member = studentId.toLowerCase();
    const version = (await this.redis.eval(
      UPDATE,
      3,
      keys.set,
      keys.version,
      keys.lock,
      token,
      this.ttlMs,
      score === null ? '' : String(-score),
      member,
    )) as number;
    return version < 0 ? null : version;
  }

  /** Replaces the whole set with these scores. Returns the version, or null when the lock lapsed. */
  async rebuild(
    schoolId: string,
    scope: LeaderboardScope | string,
    token: string,
    scores: readonly StudentScore[],
  ): Promise<number | null> {
    const keys = this.keys(schoolId, scope);
    const pairs = scores.flatMap((row) => [String(-row.score), row.studentId.toLowerCase()]);
    const version = (await this.redis.eval(
      REBUILD,
      3,
      keys.set,
      keys.version,
      keys.lock,
      token,
      this.ttlMs,
      ...pairs,
    )) as number;
    return version < 0 ? null : version;
  }

  /** Forgets a leaderboard (the next read rebuilds it). */
  async forget(schoolId: string, scope: LeaderboardScope | string): Promise<void> {
    await this.redis.del(this.keys(schoolId, scope).set);
  }
}

/** Points descending, then student id ascending; equal points share a rank (1, 2, 2, 4). */
export function rank(scores: readonly StudentScore[]): RankedEntry[] {
  const entries: RankedEntry[] = [];
  scores.forEach((row, index) => {
    const previous = entries[index - 1];
    entries.push({
      studentId: row.studentId,
      score: row.score,
      rank: previous && previous.score === row.score ? previous.rank : index + 1,
    });
  });
  return entries;
}

/** The same order as the sorted set, for scores computed outside Redis. */
export function sortScores(scores: readonly StudentScore[]): StudentScore[] {
  return [...scores].sort(
    (a, b) => b.score - a.score || (a.studentId < b.studentId ? -1 : a.studentId > b.studentId ? 1 : 0),
  );
}
