/*
 * Shared by the homework and live benchmarks (`bench:homework`, `bench:live`): the servers'
 * environment, tokens signed with the run's key (as identity signs them), the seeded sections with
 * their students and teachers, homework rows written as the database owner, and reading a process's
 * /metrics.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { AccessTokenIssuer, keyRingFrom, type generateSigningJwk } from '@schools24/auth';
import type { Config } from '@schools24/config';
import type { createDatabase, Role } from '@schools24/db';
import type { BenchSchool } from './database.js';
import { benchServerEnv, ROOT, subgraphAddresses } from './processes.js';

export { ROOT };
export const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
export const READY_TIMEOUT_MS = 120_000;
/** Tokens live this long (the longest allowed), so one set serves the whole run. */
export const TOKEN_TTL_SECONDS = 3600;
/** What bench homework is titled, so a later run can remove it. */
export const BENCH_HOMEWORK_PREFIX = 'bench-homework';

type Db = ReturnType<typeof createDatabase>;

/** The environment every server process gets (nothing inherited). */
export function serverEnv(cfg: Config, school: BenchSchool, portBase: number): Record<string, string> {
  return {
    ...benchServerEnv(cfg, school),
    CACHE_TTL_SECONDS: '3600',
    AUTH_ACCESS_TOKEN_TTL_SECONDS: String(TOKEN_TTL_SECONDS),
    // All-in-one hosts every subgraph; these ports are only parsed (kept away from other runs).
    ...subgraphAddresses((_name, index) => portBase + 10 + index),
  };
}

/** Signs access tokens exactly as identity does, with the key the gateway is given. */
export class TokenSigner {
  private readonly issuer: AccessTokenIssuer;
  constructor(jwk: Awaited<ReturnType<typeof generateSigningJwk>>, cfg: Config) {
    this.issuer = new AccessTokenIssuer(keyRingFrom([jwk]), {
      issuer: cfg.AUTH_ISSUER,
      audience: cfg.AUTH_AUDIENCE,
      ttlSeconds: TOKEN_TTL_SECONDS,
    });
  }
  async sign(schoolId: string, userId: string, roles: readonly Role[]): Promise<string> {
    const { token } = await this.issuer.issue({ userId, schoolId, roles, sessionId: randomUUID() });
    return token;
  }
}

export interface SectionCast {
  sectionId: string;
  /** ACTIVE enrolments whose student can sign in, in id order. */
  students: { id: string; userId: string }[];
  /** The class teacher and teachers with an assignment in the section who can sign in. */
  teacherUserIds: string[];
}

export interface SchoolCast {
  academicYearId: string;
  subjectId: string;
  adminUserId: string;
  sections: SectionCast[];
  roles: Map<string, Role[]>;
}

/** The current year's sections of the school with who may act in them, read as the owner. */
export async function schoolCast(db: Db, schoolId: string): Promise<SchoolCast> {
  const year = await db.academicYear.findFirstOrThrow({ where: { schoolId, isCurrent: true } });
  const sections = await db.section.findMany({
    where: { schoolId, academicYearId: year.id },
    select: {
      id: true,
      classTeacher: { select: { userId: true } },
      teachingAssignments: { select: { teacher: { select: { userId: true } } } },
      enrolments: {
        where: { status: 'ACTIVE', student: { userId: { not: null } } },
        select: { student: { select: { id: true, userId: true } } },
        orderBy: { studentId: 'asc' },
      },
    },
    orderBy: { id: 'asc' },
  });
  const subject = await db.subject.findFirstOrThrow({ where: { schoolId }, orderBy: { id: 'asc' } });
  const assignments = await db.roleAssignment.findMany({
    where: { schoolId },
    select: { userId: true, role: true },
  });
  const roles = new Map<string, Role[]>();
  for (const row of assignments) roles.set(row.userId, [...(roles.get(row.userId) ?? []), row.role]);
  const admin = assignments.find((row) => row.role === 'SCHOOL_ADMIN');
  if (!admin) throw new Error('The bench school has no school admin.');
  return {
    academicYearId: year.id,
    subjectId: subject.id,
    adminUserId: admin.userId,
    roles,
    sections: sections.map((section) => ({
      sectionId: section.id,
      students: section.enrolments.map(({ student }) => ({ id: student.id, userId: student.userId ?? '' })),
      teacherUserIds: [
        ...new Set(
          [section.classTeacher?.userId, ...section.teachingAssignments.map((a) => a.teacher.userId)].filter(
            (id): id is string => typeof id === 'string',
          ),
        ),
      ],
    })),
  };
}

/** Removes the homework earlier bench runs created (their submissions go with them). */
export async function removeBenchHomework(db: Db, schoolId: string): Promise<number> {
  const { count } = await db.homework.deleteMany({
    where: { schoolId, title: { startsWith: BENCH_HOMEWORK_PREFIX } },
  });
  return count;
}

/** Homework rows as the owner would write them: `perSection` for every section, due tomorrow. */
export async function createHomework(
  db: Db,
  schoolId: string,
  cast: SchoolCast,
  sections: readonly SectionCast[],
  perSection: number,
  dueAt: Date,
): Promise<Map<string, string[]>> {
  const bySection = new Map<string, string[]>();
  const rows = [];
  for (const section of sections) {
    const ids: string[] = [];
    for (let index = 0; index < perSection; index++) {
      const id = randomUUID();
      ids.push(id);
      rows.push({
        id,
        schoolId,
        sectionId: section.sectionId,
        subjectId: cast.subjectId,
        assignedByUserId: cast.adminUserId,
        title: `${BENCH_HOMEWORK_PREFIX} ${index + 1}`,
        instructions: 'Benchmark homework.',
        dueAt,
        maxPoints: 100,
        allowedFileTypes: [],
        maxFileBytes: 10_000_000,
      });
    }
    bySection.set(section.sectionId, ids);
  }
  for (let start = 0; start < rows.length; start += 2000) {
    await db.homework.createMany({ data: rows.slice(start, start + 2000) });
  }
  return bySection;
}

/** A Prometheus text page as name{labels} → value (the first sample of each series). */
export async function readMetrics(baseUrl: string): Promise<Map<string, number>> {
  const response = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) });
  const text = await response.text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const value = Number(line.slice(space + 1));
    if (!samples.has(line.slice(0, space))) samples.set(line.slice(0, space), value);
  }
  return samples;
}

export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' / ');
}

export const log = (line: string): void => void process.stderr.write(`${line}\n`);
