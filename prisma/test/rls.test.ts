// Row-level security (migration `tenant_rls`) on the real test database: the catalog, the app
// role, and what the app role can see and write with and without a tenant, through the same
// `forTenant`/`withTenant` the repositories use. Fixtures are written as the admin.
import { randomBytes, randomUUID } from 'node:crypto';
import { config } from '@schools24/config';
import {
  createDatabase,
  forTenant,
  Prisma,
  rowLevelSecurityBypass,
  TenantScopeError,
  withTenant,
  type Database,
} from '@schools24/db';
import { DependencyUnavailableError, openResources } from '@schools24/graphql';
import { rootLogger } from '@schools24/logger';
import { seedSchool, type SeededSchool } from '@schools24/seed';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const APP_ROLE = 'schools24_app';
const LOOKUP_ROLE = 'schools24_school_lookup';

let admin: Database;
/** The app role on a pool of 2, as a small production process would run. */
let app: Database;
/** The app role on ONE connection: what one transaction leaves behind, the next one sees. */
let appOneConnection: Database;
const appStatements: string[] = [];
let a: SeededSchool;
let b: SeededSchool;
/** Every table with a "schoolId" column, from the catalog. */
let tenantTables: string[];

const quote = (table: string) => Prisma.raw(`"${table.replaceAll('"', '""')}"`);

/** Seeds a small school, plus the sign-in rows the seed does not make, so every table has rows. */
async function seedWithSessions(): Promise<SeededSchool> {
  const school = await seedSchool(admin, {
    code: `RLS${randomBytes(4).toString('hex').toUpperCase()}`,
    students: 6,
    teachers: 4,
    seed: 11,
  });
  const login = school.logins[0];
  if (!login) throw new Error('the seed made no login');
  const { schoolId } = school;
  const expiresAt = new Date(Date.now() + 3_600_000);
  await admin.authSession.create({
    data: {
      schoolId,
      userId: login.userId,
      expiresAt,
      refreshTokens: { create: { schoolId, tokenHash: Uint8Array.from(randomBytes(32)) } },
    },
  });
  await admin.accountToken.create({
    data: {
      schoolId,
      userId: login.userId,
      purpose: 'PASSWORD_RESET',
      tokenHash: Uint8Array.from(randomBytes(32)),
      expiresAt,
    },
  });
  await admin.outboxMessage.create({
    data: { schoolId, to: login.email, template: 'password-reset', payload: { token: 'x' } },
  });
  await admin.auditEvent.create({
    data: {
      schoolId,
      action: 'LOGIN_SUCCEEDED',
      actorUserId: login.userId,
      targetType: 'User',
      targetId: login.userId,
    },
  });
  // Homework, a submission, a later version of it and an excusal (academics), which the seed does not make.
  const enrolment = await admin.enrolment.findFirstOrThrow({
    where: { schoolId },
    select: { sectionId: true, studentId: true },
  });
  const subject = await admin.subject.findFirstOrThrow({ where: { schoolId }, select: { id: true } });
  const { studentId } = enrolment;
  await admin.homework.create({
    data: {
      schoolId,
      sectionId: enrolment.sectionId,
      subjectId: subject.id,
      assignedByUserId: login.userId,
      title: 'RLS probe',
      instructions: '',
      dueAt: expiresAt,
      maxPoints: 10,
      maxFileBytes: 1024,
      submissions: {
        create: {
          id: randomUUID(),
          schoolId,
          studentId,
          idempotencyId: randomUUID(),
          submittedByUserId: login.userId,
          text: 'answer',
          submittedAt: new Date(),
          isLate: false,
        },
      },
      excusals: { create: { schoolId, studentId, excusedByUserId: login.userId } },
      submissionVersions: {
        create: {
          id: randomUUID(),
          schoolId,
          studentId,
          version: 2,
          idempotencyId: randomUUID(),
          submittedByUserId: login.userId,
          text: 'second answer',
          submittedAt: new Date(),
          isLate: false,
        },
      },
    },
  });
  // The timetable (academics): a bell period, a room, a lesson and its substitution.
  const [section, teachers] = await Promise.all([
    admin.section.findUniqueOrThrow({ where: { id: enrolment.sectionId }, select: { academicYearId: true } }),
    admin.teacher.findMany({ where: { schoolId }, select: { id: true }, take: 2 }),
  ]);
  const [teacher, substitute] = teachers;
  if (!teacher || !substitute) throw new Error('the seed made fewer than two teachers');
  await admin.bellPeriod.create({
    data: { schoolId, weekday: 0, number: 1, startMinute: 480, endMinute: 525 },
  });
  const room = await admin.room.create({ data: { schoolId, name: 'RLS probe' } });
  await admin.timetableEntry.create({
    data: {
      schoolId,
      academicYearId: section.academicYearId,
      sectionId: enrolment.sectionId,
      weekday: 1,
      periodNumber: 1,
      subjectId: subject.id,
      teacherId: teacher.id,
      roomId: room.id,
      substitutions: {
        create: {
          schoolId,
          date: new Date(Date.UTC(2026, 5, 1)),
          substituteTeacherId: substitute.id,
          createdByUserId: login.userId,
        },
      },
    },
  });
  // Attendance (academics): a code, a mark and its correction.
  const code = await admin.attendanceCode.create({
    data: { schoolId, code: 'P', name: 'Present', countsAsPresent: true, position: 0 },
  });
  await admin.attendanceMark.create({
    data: {
      id: randomUUID(),
      schoolId,
      sectionId: enrolment.sectionId,
      studentId,
      date: new Date(Date.UTC(2026, 5, 1)),
      periodNumber: 0,
      codeId: code.id,
      idempotencyId: randomUUID(),
      markedByUserId: login.userId,
      markedAt: new Date(),
      corrections: {
        create: { schoolId, toCodeId: code.id, reason: 'RLS probe', correctedByUserId: login.userId },
      },
    },
  });
  // An exam with a paper and a mark (academics), which the seed does not make.
  await admin.exam.create({
    data: {
      schoolId,
      academicYearId: school.academicYearId,
      name: 'RLS probe',
      kind: 'UNIT_TEST',
      createdByUserId: login.userId,
      papers: {
        create: {
          schoolId,
          sectionId: enrolment.sectionId,
          subjectId: subject.id,
          startsAt: expiresAt,
          endsAt: new Date(expiresAt.getTime() + 3_600_000),
          room: 'R-1',
          maxMarks: 10,
          passMarks: 4,
          marks: {
            create: {
              schoolId,
              studentId,
              isAbsent: false,
              enteredMarks: 7,
              enteredByUserId: login.userId,
              enteredAt: new Date(),
            },
          },
        },
      },
    },
  });
  // A report-card batch with its card, and a remark (academics).
  const term = await admin.term.findFirstOrThrow({ where: { schoolId, kind: 'TERM' }, select: { id: true } });
  await admin.reportCardBatch.create({
    data: {
      schoolId,
      termId: term.id,
      sectionId: enrolment.sectionId,
      requestedByUserId: login.userId,
      total: 1,
      cards: {
        create: {
          schoolId,
          termId: term.id,
          sectionId: enrolment.sectionId,
          studentId,
          position: 0,
          objectKey: `schools/${schoolId}/report-cards/${term.id}/${studentId}.pdf`,
        },
      },
    },
  });
  await admin.reportCardRemark.create({
    data: { schoolId, termId: term.id, studentId, text: 'RLS probe', authorUserId: login.userId },
  });
  // A bank question, a quiz of it and a submitted attempt with its answer (academics).
  const version = await admin.questionVersion.create({
    data: {
      schoolId,
      version: 1,
      type: 'ESSAY',
      prompt: 'RLS probe',
      content: { type: 'ESSAY', maxWords: null },
      tags: [],
      difficulty: 3,
      createdByUserId: login.userId,
      question: { create: { schoolId, createdByUserId: login.userId, type: 'ESSAY', tags: [] } },
    },
    select: { id: true },
  });
  const quiz = await admin.quiz.create({
    data: {
      schoolId,
      sectionId: enrolment.sectionId,
      subjectId: subject.id,
      createdByUserId: login.userId,
      title: 'RLS probe',
      instructions: '',
      opensAt: new Date(),
      closesAt: expiresAt,
      maxAttempts: 1,
      shuffleQuestions: false,
      shuffleOptions: false,
      resultsRelease: 'IMMEDIATELY',
      items: { create: { schoolId, questionVersionId: version.id, position: 1, points: 1 } },
    },
    select: { id: true, items: { select: { id: true } } },
  });
  const attempt = await admin.quizAttempt.create({
    data: {
      schoolId,
      quizId: quiz.id,
      studentId,
      number: 1,
      seed: 'rls',
      startedAt: new Date(),
      deadlineAt: expiresAt,
    },
    select: { id: true },
  });
  await admin.quizSubmission.create({
    data: {
      id: randomUUID(),
      schoolId,
      attemptId: attempt.id,
      idempotencyId: randomUUID(),
      submittedByUserId: login.userId,
      submittedAt: new Date(),
    },
  });
  await admin.quizAnswer.create({
    data: {
      id: randomUUID(),
      schoolId,
      attemptId: attempt.id,
      quizItemId: quiz.items[0]?.id ?? '',
      response: {},
    },
  });
  // The gradebook (academics, the same term): a scale a subject uses, a category with a placed
  // paper, an override and its history event.
  const scale = await admin.gradingScale.create({
    data: { schoolId, name: 'RLS probe', bands: [{ minPercent: 0, label: 'P', gradePoints: null }] },
    select: { id: true },
  });
  await admin.subjectGradingScale.create({
    data: { schoolId, subjectId: subject.id, gradingScaleId: scale.id },
  });
  const category = await admin.gradebookCategory.create({
    data: {
      schoolId,
      sectionId: enrolment.sectionId,
      subjectId: subject.id,
      termId: term.id,
      name: 'RLS probe',
      weightPercent: 100,
      position: 0,
    },
    select: { id: true },
  });
  await admin.gradebookAssessmentCategory.create({
    data: { schoolId, kind: 'QUIZ', assessmentId: quiz.id, categoryId: category.id },
  });
  const overrideKey = { studentId, subjectId: subject.id, termId: term.id };
  await admin.termGradeOverride.create({
    data: {
      schoolId,
      ...overrideKey,
      label: 'P',
      reason: 'RLS probe',
      setByUserId: login.userId,
      setAt: new Date(),
    },
  });
  await admin.termGradeOverrideEvent.create({
    data: {
      schoolId,
      ...overrideKey,
      action: 'SET',
      newLabel: 'P',
      reason: 'RLS probe',
      actorUserId: login.userId,
      at: new Date(),
    },
  });
  return school;
}

async function countAll(db: Pick<Database, '$queryRaw'>, table: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM ${quote(table)}`;
  return row?.n ?? -1;
}

async function countOf(db: Pick<Database, '$queryRaw'>, table: string, schoolId: string): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM ${quote(table)} WHERE "schoolId" = ${schoolId}::uuid`;
  return row?.n ?? -1;
}

beforeAll(async () => {
  admin = createDatabase({ url: config().DATABASE_ADMIN_URL, poolSize: 4 });
  app = createDatabase({
    url: config().DATABASE_URL,
    poolSize: 2,
    onQuery: (sql) => appStatements.push(sql),
  });
  appOneConnection = createDatabase({ url: config().DATABASE_URL, poolSize: 1 });
  [a, b] = await Promise.all([seedWithSessions(), seedWithSessions()]);
  const rows = await admin.$queryRaw<{ table: string }[]>`
    SELECT table_name::text AS "table" FROM information_schema.columns
     WHERE table_schema = current_schema() AND column_name = 'schoolId'
     ORDER BY 1`;
  tenantTables = rows.map((row) => row.table);
});

afterAll(async () => {
  await admin?.school.deleteMany({ where: { id: { in: [a?.schoolId, b?.schoolId].filter(Boolean) } } });
  await Promise.all([admin?.$disconnect(), app?.$disconnect(), appOneConnection?.$disconnect()]);
});

describe('the catalog', () => {
  it('has row-level security enabled AND forced, with the tenant policy, on School and every table with schoolId', async () => {
    // Sanity: the catalog query finds the tables we know of (so the check below is not vacuous).
    expect(tenantTables).toEqual(
      expect.arrayContaining([
        'User',
        'Student',
        'Enrolment',
        'RefreshToken',
        'Outbox',
        'ReportCardBatch',
        'ReportCard',
        'ReportCardRemark',
        'GradingScale',
        'GradebookCategory',
        'TermGradeOverride',
        'TermGradeOverrideEvent',
      ]),
    );
    expect(tenantTables.length).toBeGreaterThanOrEqual(20);
    const rows = await admin.$queryRaw<
      { table: string; enabled: boolean; forced: boolean; using: string | null; check: string | null }[]
    >`
      SELECT c.relname::text AS "table", c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
             p.qual AS using, p.with_check AS check
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        LEFT JOIN pg_policies p
          ON p.schemaname = n.nspname AND p.tablename = c.relname AND p.policyname = 'tenant_isolation'
       WHERE c.relname = ANY(${[...tenantTables, 'School']})`;
    expect(rows.map((row) => row.table).sort()).toEqual([...tenantTables, 'School'].sort());
    for (const row of rows) {
      const column = row.table === 'School' ? 'id' : '"schoolId"';
      const expected = `(${column} = (NULLIF(current_setting('app.school_id'::text, true), ''::text))::uuid)`;
      expect({ table: row.table, enabled: row.enabled, forced: row.forced }).toEqual({
        table: row.table,
        enabled: true,
        forced: true,
      });
      expect(row.using, row.table).toBe(expected);
      expect(row.check, row.table).toBe(expected);
    }
  });

  it('has no other application table: a new table must either carry schoolId or be a deliberate exception', async () => {
    const rows = await admin.$queryRaw<{ table: string }[]>`
      SELECT c.relname::text AS "table" FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
       WHERE c.relkind IN ('r', 'p') ORDER BY 1`;
    const others = rows.map((row) => row.table).filter((table) => !tenantTables.includes(table));
    expect(others).toEqual(['School', '_prisma_migrations']);
  });

  it('lets only the lookup role see every school, and only three of its columns', async () => {
    const policies = await admin.$queryRaw<{ name: string; roles: string; command: string }[]>`
      SELECT policyname::text AS name, roles::text AS roles, cmd::text AS command
        FROM pg_policies WHERE schemaname = current_schema() AND tablename = 'School' ORDER BY 1`;
    expect(policies).toEqual([
      { name: 'school_login_lookup', roles: `{${LOOKUP_ROLE}}`, command: 'SELECT' },
      { name: 'tenant_isolation', roles: '{public}', command: 'ALL' },
    ]);
    const [columns] = await admin.$queryRaw<{ id: boolean; name: boolean; settings: boolean }[]>`
      SELECT has_column_privilege(${LOOKUP_ROLE}, '"School"', 'id', 'SELECT') AS id,
             has_column_privilege(${LOOKUP_ROLE}, '"School"', 'name', 'SELECT') AS name,
             has_column_privilege(${LOOKUP_ROLE}, '"School"', 'settings', 'SELECT') AS settings`;
    expect(columns).toEqual({ id: true, name: false, settings: false });
  });
});

describe('the roles', () => {
  it('connects the app as a role that is not superuser, has no BYPASSRLS, owns nothing and cannot become the owner', async () => {
    const [role] = await app.$queryRaw<
      {
        name: string;
        superuser: boolean;
        bypassRls: boolean;
        createRole: boolean;
        createDb: boolean;
        owned: number;
        ownerMember: boolean;
        lookupMember: boolean;
      }[]
    >`
      SELECT r.rolname::text AS name, r.rolsuper AS superuser, r.rolbypassrls AS "bypassRls",
             r.rolcreaterole AS "createRole", r.rolcreatedb AS "createDb",
             (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned,
             pg_has_role(r.oid, (SELECT relowner FROM pg_class WHERE oid = '"User"'::regclass), 'MEMBER')
               AS "ownerMember",
             pg_has_role(r.oid, ${LOOKUP_ROLE}, 'MEMBER') AS "lookupMember"
        FROM pg_roles r WHERE r.rolname = current_user`;
    expect(role).toEqual({
      name: APP_ROLE,
      superuser: false,
      bypassRls: false,
      createRole: false,
      createDb: false,
      owned: 0,
      ownerMember: false,
      lookupMember: false,
    });
    expect(await rowLevelSecurityBypass(app)).toBeNull();
    expect(await rowLevelSecurityBypass(admin)).toMatch(/superuser/);
  });

  it('gives the app data access only: no DDL, no migration history, no way to switch RLS off', async () => {
    await expect(app.$executeRaw`CREATE TABLE rls_probe (id int)`).rejects.toThrow(/permission denied/);
    await expect(app.$queryRaw`SELECT count(*) FROM "_prisma_migrations"`).rejects.toThrow(
      /permission denied/,
    );
    await expect(app.$executeRaw`ALTER TABLE "Student" DISABLE ROW LEVEL SECURITY`).rejects.toThrow(
      /must be owner/,
    );
    // With row_security off, a query that RLS would filter fails instead of bypassing it.
    await expect(
      withTenant(app, a.schoolId, async (tx) => {
        await tx.$executeRaw`SET LOCAL row_security = off`;
        return tx.$queryRaw`SELECT count(*) FROM "Student"`;
      }),
    ).rejects.toThrow(/row-level security/);
  });

  it("notices a login role that could become the tables' owner through membership", async () => {
    const name = `rls_probe_${randomBytes(4).toString('hex')}`;
    const [owner] = await admin.$queryRaw<{ owner: string }[]>`
      SELECT pg_get_userbyid(relowner)::text AS owner FROM pg_class WHERE oid = '"Student"'::regclass`;
    await admin.$executeRawUnsafe(`CREATE ROLE ${name} LOGIN NOSUPERUSER NOBYPASSRLS`);
    const probe = createDatabase({
      url: Object.assign(new URL(config().DATABASE_URL), { username: name }).toString(),
      poolSize: 1,
    });
    try {
      expect(await rowLevelSecurityBypass(probe)).toBeNull();
      await admin.$executeRawUnsafe(`GRANT "${owner?.owner ?? 'postgres'}" TO ${name}`);
      expect(await rowLevelSecurityBypass(probe)).toMatch(/owns the tables|member of/);
    } finally {
      await probe.$disconnect();
      await admin.$executeRawUnsafe(`DROP ROLE ${name}`);
    }
  });

  it('refuses to serve on a connection that bypasses row-level security', async () => {
    const problem = openResources(
      { ...config(), DATABASE_URL: config().DATABASE_ADMIN_URL, DATABASE_POOL_SIZE: 1 },
      rootLogger(),
    );
    await expect(problem).rejects.toThrow(DependencyUnavailableError);
    await expect(problem).rejects.toThrow(/DATABASE_URL must name the app role.*superuser/s);
  });
});

describe('without a tenant', () => {
  it('the app role sees zero rows of every tenant table, and of School', async () => {
    for (const table of tenantTables) {
      // Not vacuous: the fixture put rows of both schools in every table.
      expect(await countOf(admin, table, a.schoolId), table).toBeGreaterThan(0);
      expect(await countOf(admin, table, b.schoolId), table).toBeGreaterThan(0);
      expect(await countAll(app, table), table).toBe(0);
    }
    expect(await countAll(app, 'School')).toBe(0);
    expect(await app.student.findMany({ select: { id: true } })).toEqual([]);
    expect(await app.school.findUnique({ where: { id: a.schoolId } })).toBeNull();
  });

  it('still sees nothing on a connection whose previous transaction had a tenant (the setting is transaction-local)', async () => {
    expect(await forTenant(appOneConnection, a.schoolId).student.count()).toBeGreaterThan(0);
    const [setting] = await appOneConnection.$queryRaw<{ value: string | null }[]>`
      SELECT current_setting('app.school_id', true) AS value`;
    // After SET LOCAL ends the custom setting reads '' (not NULL): the policies' NULLIF covers it.
    expect(setting?.value ?? '').toBe('');
    for (const table of tenantTables) expect(await countAll(appOneConnection, table), table).toBe(0);
  });

  it('cannot write tenant rows at all', async () => {
    await expect(
      app.grade.create({ data: { schoolId: a.schoolId, name: 'No tenant', level: 99 } }),
    ).rejects.toThrow(/row-level security/);
    expect(await app.student.updateMany({ data: { givenName: 'X' } })).toEqual({ count: 0 });
    expect(await app.student.deleteMany({})).toEqual({ count: 0 });
  });
});

describe('with a tenant', () => {
  it('keeps the audit log append-only: the app role may add and read events, never change or delete them', async () => {
    const scoped = forTenant(app, a.schoolId);
    expect(await scoped.auditEvent.count()).toBeGreaterThan(0);
    await expect(scoped.auditEvent.updateMany({ data: { ip: 'forged' } })).rejects.toThrow(
      /permission denied/,
    );
    await expect(scoped.auditEvent.deleteMany({})).rejects.toThrow(/permission denied/);
    await scoped.auditEvent.create({
      data: { schoolId: a.schoolId, action: 'DATA_EXPORTED' },
      select: { id: true },
    });
  });

  it('keeps the term-grade override history append-only: the app role may add and read events, never change or delete them', async () => {
    const scoped = forTenant(app, a.schoolId);
    const [event] = await scoped.termGradeOverrideEvent.findMany({ take: 1 });
    if (!event) throw new Error('no override event to aim at');
    await expect(scoped.termGradeOverrideEvent.updateMany({ data: { reason: 'forged' } })).rejects.toThrow(
      /permission denied/,
    );
    await expect(scoped.termGradeOverrideEvent.deleteMany({})).rejects.toThrow(/permission denied/);
    const { id: _id, ...copy } = event;
    await scoped.termGradeOverrideEvent.create({
      data: { ...copy, action: 'REMOVED' },
      select: { id: true },
    });
  });

  it("shows school A exactly its own rows of every table, and none of school B's", async () => {
    for (const table of tenantTables) {
      const own = await countOf(admin, table, a.schoolId);
      const scoped = forTenant(app, a.schoolId);
      expect(await countAll(scoped, table), table).toBe(own);
      expect(await countOf(scoped, table, b.schoolId), table).toBe(0);
    }
    expect(await forTenant(app, a.schoolId).school.findMany({ select: { id: true } })).toEqual([
      { id: a.schoolId },
    ]);
  });

  it("finds nothing when A's tenant asks for B's ids, even by primary key", async () => {
    const scoped = forTenant(app, a.schoolId);
    expect(await scoped.student.findUnique({ where: { id: b.sample.studentId } })).toBeNull();
    expect(await scoped.school.findUnique({ where: { id: b.schoolId } })).toBeNull();
    expect(await scoped.section.findMany({ where: { id: b.sample.sectionId } })).toEqual([]);
  });

  it("rejects writes of B's rows from A's tenant (WITH CHECK), and cannot touch B's existing rows", async () => {
    const scoped = forTenant(app, a.schoolId);
    await expect(
      scoped.grade.create({ data: { schoolId: b.schoolId, name: 'Smuggled', level: 98 } }),
    ).rejects.toThrow(/row-level security/);
    // Moving one of A's own rows to B is a write of a B row: refused too.
    const grade = await scoped.grade.findFirstOrThrow({ select: { id: true } });
    await expect(
      scoped.grade.update({ where: { id: grade.id }, data: { schoolId: b.schoolId } }),
    ).rejects.toThrow(/row-level security/);
    await expect(
      scoped.$executeRaw`INSERT INTO "Announcement" (id, "schoolId", title, body, "updatedAt")
                         VALUES (gen_random_uuid(), ${b.schoolId}::uuid, 'x', 'x', now())`,
    ).rejects.toThrow(/row-level security/);
    expect(
      await scoped.student.updateMany({ where: { schoolId: b.schoolId }, data: { givenName: 'Hacked' } }),
    ).toEqual({ count: 0 });
    expect(await scoped.student.deleteMany({ where: { schoolId: b.schoolId } })).toEqual({ count: 0 });
    expect(await countOf(admin, 'Student', b.schoolId)).toBe(b.counts.students);
    expect(await admin.student.count({ where: { schoolId: b.schoolId, givenName: 'Hacked' } })).toBe(0);
  });

  it('keeps 400 interleaved A/B operations on a pool of 2 connections apart', async () => {
    const own = {
      [a.schoolId]: new Set(
        (await admin.student.findMany({ where: { schoolId: a.schoolId } })).map((s) => s.id),
      ),
      [b.schoolId]: new Set(
        (await admin.student.findMany({ where: { schoolId: b.schoolId } })).map((s) => s.id),
      ),
    };
    const results = await Promise.all(
      Array.from({ length: 400 }, async (_, i) => {
        const schoolId = i % 2 === 0 ? a.schoolId : b.schoolId;
        const rows =
          i % 4 < 2
            ? await forTenant(app, schoolId).student.findMany({ select: { id: true, schoolId: true } })
            : await withTenant(app, schoolId, (tx) =>
                tx.student.findMany({ select: { id: true, schoolId: true } }),
              );
        return { schoolId, rows };
      }),
    );
    for (const { schoolId, rows } of results) {
      expect(rows.length).toBe(own[schoolId]?.size);
      expect(rows.every((row) => row.schoolId === schoolId && own[schoolId]?.has(row.id))).toBe(true);
    }
  });
});

describe('sign-in before a tenant is known', () => {
  it('finds a school by code or email domain through the lookup functions, and nothing else', async () => {
    await admin.school.update({
      where: { id: b.schoolId },
      data: { emailDomain: `${b.code.toLowerCase()}.example` },
    });
    try {
      expect(await app.$queryRaw`SELECT * FROM school_login_by_code(${b.code})`).toEqual([
        { id: b.schoolId, code: b.code },
      ]);
      expect(
        await app.$queryRaw`SELECT * FROM school_login_by_email_domain(${`${b.code.toLowerCase()}.example`})`,
      ).toEqual([{ id: b.schoolId, code: b.code }]);
      expect(await app.$queryRaw`SELECT * FROM school_login_by_code(${'NO-SUCH-SCHOOL'})`).toEqual([]);
      expect(await app.$queryRaw`SELECT * FROM school_login_by_email_domain(${null})`).toEqual([]);
      // The table itself stays hidden.
      expect(await countAll(app, 'School')).toBe(0);
    } finally {
      await admin.school.update({ where: { id: b.schoolId }, data: { emailDomain: null } });
    }
  });

  it('runs the lookups as a role that cannot sign in, and lets no one else execute them', async () => {
    const rows = await admin.$queryRaw<
      { name: string; owner: string; definer: boolean; public: boolean; app: boolean }[]
    >`
      SELECT p.proname::text AS name, pg_get_userbyid(p.proowner)::text AS owner, p.prosecdef AS definer,
             has_function_privilege('public', p.oid, 'EXECUTE') AS public,
             has_function_privilege(${APP_ROLE}, p.oid, 'EXECUTE') AS app
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = current_schema()
       WHERE p.proname LIKE 'school_login_by_%' ORDER BY 1`;
    expect(rows).toEqual([
      { name: 'school_login_by_code', owner: LOOKUP_ROLE, definer: true, public: false, app: true },
      { name: 'school_login_by_email_domain', owner: LOOKUP_ROLE, definer: true, public: false, app: true },
    ]);
    const [lookup] = await admin.$queryRaw<{ login: boolean; bypass: boolean }[]>`
      SELECT rolcanlogin AS login, rolbypassrls AS bypass FROM pg_roles WHERE rolname = ${LOOKUP_ROLE}`;
    expect(lookup).toEqual({ login: false, bypass: false });
  });
});

describe('forTenant and withTenant', () => {
  it('refuse anything but a school id', () => {
    expect(() => forTenant(app, 'not-a-uuid')).toThrow(TenantScopeError);
    expect(() => forTenant(app, `${a.schoolId}' OR true --`)).toThrow(TenantScopeError);
    return expect(withTenant(app, '', async () => 1)).rejects.toThrow(TenantScopeError);
  });

  it('run one operation as one transaction: set_config, the query, COMMIT (a DataLoader batch stays one round of SQL)', async () => {
    appStatements.length = 0;
    await forTenant(app, a.schoolId).student.findMany({ where: { id: { in: [a.sample.studentId] } } });
    expect(appStatements).toHaveLength(3);
    expect(appStatements[0]).toMatch(/^SELECT set_config\('app\.school_id', \$1, true\)$/);
    expect(appStatements[1]).toMatch(/FROM "public"\."Student"/);
    expect(appStatements[2]).toBe('COMMIT');
  });

  it("waits for a busy pool like a plain query would, beyond Prisma's 2 s default for transactions", async () => {
    // One connection, held for 2.5 s: the read behind it must wait its turn, not fail.
    let release: () => void = () => undefined;
    const held = withTenant(appOneConnection, a.schoolId, async (tx) => {
      await tx.student.count();
      await new Promise<void>((resolve) => {
        release = resolve;
        setTimeout(resolve, 2_500);
      });
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    expect(await forTenant(appOneConnection, a.schoolId).student.count()).toBe(a.counts.students);
    expect(Date.now() - started).toBeGreaterThan(2_000);
    release();
    await held;
  });

  it('withTenant commits all or nothing', async () => {
    const name = `Rollback ${randomUUID()}`;
    await expect(
      withTenant(app, a.schoolId, async (tx) => {
        await tx.grade.create({ data: { schoolId: a.schoolId, name, level: 97 } });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await admin.grade.count({ where: { name } })).toBe(0);
  });

  it('refuses a per-operation tenant client inside withTenant instead of running it outside the transaction (prisma-client-extensions#55)', async () => {
    const name = `Escaped ${randomUUID()}`;
    const outside = forTenant(app, a.schoolId);
    await expect(
      withTenant(app, a.schoolId, async () => {
        await outside.grade.create({ data: { schoolId: a.schoolId, name, level: 96 } });
      }),
    ).rejects.toThrow(TenantScopeError);
    expect(await admin.grade.count({ where: { name } })).toBe(0);
    await expect(
      withTenant(app, a.schoolId, () => withTenant(app, b.schoolId, async () => 1)),
    ).rejects.toThrow(/nested/);
    // The guard is scoped to the callback: afterwards the client works again.
    expect(await outside.grade.count()).toBeGreaterThan(0);
  });
});
