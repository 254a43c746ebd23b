// People administration and the audit log through the identity subgraph over HTTP, against the real
// PostgreSQL and Redis: each mutation's happy path and the rules that guard it.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@schools24/seed';
import {
  createTestSchool,
  signTestToken,
  startSubgraphStack,
  tokenForUser,
  type GraphQLResponse,
  type TestEndpoint,
} from '@schools24/testkit';
import { createIdentitySubgraph } from '../src/index.js';
import { IMPORT_HEADER } from '../src/services/student-import.js';

type TestSchool = Awaited<ReturnType<typeof createTestSchool>>;
interface UserError {
  code: string;
  field: string[] | null;
  message: string;
}
type Payload<T> = T & { userErrors: UserError[] };
interface AuditNode {
  action: string;
  actorUserId: string | null;
  isPlatformAdminAction: boolean;
  targetType: string | null;
  targetId: string | null;
  details: string;
}

interface UserShape {
  id: string;
  email: string;
  status: string;
  roles: string[];
}

/** Input types not named after their mutation. */
const INPUT_TYPES: Record<string, string> = {
  disableUser: 'UserIdInput',
  enableUser: 'UserIdInput',
  grantRole: 'RoleChangeInput',
  revokeRole: 'RoleChangeInput',
};

const ERRORS = 'userErrors { code field message }';
const USER = `user { id email status roles } ${ERRORS}`;
const PASSWORD = 'correct horse battery staple 42';
const unique = () => randomBytes(4).toString('hex');
const newIp = () => `10.${randomBytes(3).join('.')}`;

const codes = (payload: { userErrors: UserError[] } | undefined) =>
  payload?.userErrors.map((error) => error.code);
const topCodes = (response: GraphQLResponse<unknown>) =>
  (response.body.errors ?? []).map((error) => error.extensions?.code);

describe('people administration', () => {
  let stack: TestEndpoint;
  let school: TestSchool;
  let other: TestSchool;
  let adminId: string;
  let teacherId: string;

  beforeAll(async () => {
    stack = await startSubgraphStack(createIdentitySubgraph);
    [school, other] = await Promise.all([
      createTestSchool(stack.resources.db, { students: 6, teachers: 3 }),
      createTestSchool(stack.resources.db, { students: 4, teachers: 2 }),
    ]);
    const login = (role: string) => school.logins.find((candidate) => candidate.role === role);
    adminId = login('SCHOOL_ADMIN')?.userId ?? '';
    teacherId = login('TEACHER')?.userId ?? '';
    expect(adminId && teacherId).toBeTruthy();
  });
  afterAll(async () => {
    await Promise.all([school?.remove(), other?.remove()]);
    await stack?.stop();
  });

  /** As the school's admin (or with `token`). */
  const asAdmin = <T>(document: string, variables: Record<string, unknown> = {}, token?: string) =>
    stack.graphql<T>(
      document,
      variables,
      token ? { token, headers: { 'x-forwarded-for': newIp() } } : { schoolId: school.schoolId },
    );

  const mutate = async <K extends string, T = { user?: UserShape | null }>(
    name: K,
    input: Record<string, unknown>,
    selection: string,
    token?: string,
  ) => {
    const type = INPUT_TYPES[name] ?? `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
    const response = await asAdmin<Record<K, Payload<T>>>(
      `mutation ($input: ${type}!) { ${name}(input: $input) { ${selection} } }`,
      { input },
      token,
    );
    return { response, payload: response.body.data?.[name] };
  };

  const login = async (email: string, password: string) => {
    const response = await stack.graphql<{ login: Payload<{ tokens: { accessToken: string } | null }> }>(
      `mutation ($input: LoginInput!) { login(input: $input) { tokens { accessToken } ${ERRORS} } }`,
      { input: { schoolCode: school.code, email, password } },
      { headers: { 'x-forwarded-for': newIp() } },
    );
    return response.body.data?.login;
  };

  const me = (token: string) =>
    stack.graphql<{ me: { id: string } | null }>(
      'query { me { id } }',
      {},
      { token, headers: { 'x-forwarded-for': newIp() } },
    );

  const auditEvents = async (filter: Record<string, unknown>, first = 20) => {
    const response = await asAdmin<{
      auditEvents: {
        totalCount: number;
        edges: { node: AuditNode; cursor: string }[];
        pageInfo: { hasNextPage: boolean };
      };
    }>(
      `query ($filter: AuditEventFilter, $first: Int) { auditEvents(filter: $filter, first: $first) {
        totalCount pageInfo { hasNextPage }
        edges { cursor node { action actorUserId isPlatformAdminAction targetType targetId details } } } }`,
      { filter, first },
    );
    expect(response.body.errors).toBeUndefined();
    return response.body.data?.auditEvents;
  };

  it('is for school admins only: a teacher is FORBIDDEN every mutation and the audit log', async () => {
    const teacher = await tokenForUser(stack.app, school.schoolId, teacherId);
    const created = await mutate(
      'createStudent',
      {
        admissionNumber: `T${unique()}`,
        givenName: 'A',
        familyName: 'B',
        dateOfBirth: '2015-01-01',
        admittedOn: '2020-01-01',
      },
      `student { id } ${ERRORS}`,
      teacher,
    );
    expect(topCodes(created.response)).toContain('FORBIDDEN');
    const disabled = await mutate('disableUser', { userId: adminId }, USER, teacher);
    expect(topCodes(disabled.response)).toContain('FORBIDDEN');
    const audit = await asAdmin('query { auditEvents { totalCount } }', {}, teacher);
    expect(topCodes(audit)).toContain('FORBIDDEN');
    expect(await stack.resources.db.user.count({ where: { id: adminId, status: 'ACTIVE' } })).toBe(1);
  });

  it('creates a user who can sign in, refuses a taken email and PLATFORM_ADMIN, and audits it', async () => {
    const email = `new.${unique()}@example.test`;
    const { payload } = await mutate(
      'createUser',
      { email, displayName: 'New Teacher', roles: ['TEACHER'], password: PASSWORD },
      USER,
    );
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.user).toMatchObject({ email, status: 'ACTIVE', roles: ['TEACHER'] });
    expect((await login(email, PASSWORD))?.tokens).not.toBeNull();

    const again = await mutate(
      'createUser',
      { email: email.toUpperCase(), displayName: 'X', roles: ['TEACHER'], password: PASSWORD },
      USER,
    );
    expect(codes(again.payload)).toEqual(['EMAIL_TAKEN']);
    const platform = await mutate(
      'createUser',
      {
        email: `p.${unique()}@example.test`,
        displayName: 'X',
        roles: ['PLATFORM_ADMIN'],
        password: PASSWORD,
      },
      USER,
    );
    expect(codes(platform.payload)).toEqual(['ROLE_NOT_ALLOWED']);
    const weak = await mutate(
      'createUser',
      { email: `w.${unique()}@example.test`, displayName: 'X', roles: ['TEACHER'], password: 'short' },
      USER,
    );
    expect(codes(weak.payload)).toEqual(['WEAK_PASSWORD']);

    const userId = payload?.user?.id;
    const events = await auditEvents({ targetId: userId });
    // Newest first: the sign-in, then the creation by the admin.
    expect(events?.edges.map((edge) => edge.node.action)).toEqual(['LOGIN_SUCCEEDED', 'USER_CREATED']);
    expect(events?.edges[1]?.node).toMatchObject({
      actorUserId: adminId,
      isPlatformAdminAction: false,
      targetType: 'User',
    });
    // No personal data in the details.
    expect(events?.edges.map((edge) => edge.node.details).join()).not.toContain(email);
  });

  it('invites a user: an outbox message with a single-use token, accepted once, then sign-in works', async () => {
    const email = `invited.${unique()}@example.test`;
    const { payload } = await mutate(
      'inviteUser',
      { email, displayName: 'Invited', roles: ['ACCOUNTANT'] },
      USER,
    );
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.user).toMatchObject({ status: 'INVITED', roles: ['ACCOUNTANT'] });
    expect((await login(email, PASSWORD))?.tokens).toBeNull();
    const message = await stack.resources.db.outboxMessage.findFirstOrThrow({
      where: { schoolId: school.schoolId, to: email, template: 'invitation' },
      select: { payload: true },
    });
    const token = (message.payload as { token: string }).token;
    const accept = (password: string, value = token) =>
      stack.graphql<{ acceptInvitation: Payload<{ success: boolean }> }>(
        `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { success ${ERRORS} } }`,
        { input: { token: value, password } },
      );
    expect(codes((await accept('password')).body.data?.acceptInvitation)).toEqual(['WEAK_PASSWORD']);
    expect((await accept(PASSWORD)).body.data?.acceptInvitation).toEqual({ success: true, userErrors: [] });
    expect(codes((await accept(PASSWORD)).body.data?.acceptInvitation)).toEqual(['INVALID_INVITATION']);
    expect(codes((await accept(PASSWORD, 'garbage')).body.data?.acceptInvitation)).toEqual([
      'INVALID_INVITATION',
    ]);
    expect((await login(email, PASSWORD))?.tokens).not.toBeNull();
    const user = await stack.resources.db.user.findFirstOrThrow({
      where: { schoolId: school.schoolId, email },
      select: { id: true, status: true },
    });
    expect(user.status).toBe('ACTIVE');
    const events = await auditEvents({ targetId: user.id });
    expect(events?.edges.map((edge) => edge.node.action)).toEqual([
      'LOGIN_SUCCEEDED',
      'INVITATION_ACCEPTED',
      // The sign-in attempt before accepting: an invited user cannot sign in yet.
      'LOGIN_FAILED',
      'USER_INVITED',
    ]);
  });

  it('disables a user (their live token dies at once, sign-in refused), enables them, never oneself', async () => {
    const email = `d.${unique()}@example.test`;
    const created = await mutate(
      'createUser',
      { email, displayName: 'Soon Disabled', roles: ['TEACHER'], password: PASSWORD },
      USER,
    );
    const userId = created.payload?.user?.id ?? '';
    const live = (await login(email, PASSWORD))?.tokens?.accessToken ?? '';
    expect((await me(live)).body.data?.me?.id).toBe(userId);

    const self = await mutate('disableUser', { userId: adminId }, USER);
    expect(codes(self.payload)).toEqual(['CANNOT_CHANGE_SELF']);
    const unknown = await mutate('disableUser', { userId: other.logins[0]?.userId }, USER);
    expect(codes(unknown.payload)).toEqual(['NOT_FOUND']);

    const disabled = await mutate('disableUser', { userId }, USER);
    expect(disabled.payload?.user?.status).toBe('DISABLED');
    expect((await me(live)).status).toBe(401);
    expect(codes(await login(email, PASSWORD))).toEqual(['ACCOUNT_DISABLED']);

    const enabled = await mutate('enableUser', { userId }, USER);
    expect(enabled.payload?.user?.status).toBe('ACTIVE');
    expect((await login(email, PASSWORD))?.tokens).not.toBeNull();
    const actions = (await auditEvents({ targetId: userId }))?.edges.map((edge) => edge.node.action);
    expect(actions?.slice(0, 4)).toEqual([
      'LOGIN_SUCCEEDED',
      'USER_ENABLED',
      'LOGIN_FAILED',
      'USER_DISABLED',
    ]);
  });

  it("grants and revokes roles (old tokens die), but not one's own admin role", async () => {
    const email = `r.${unique()}@example.test`;
    const created = await mutate(
      'createUser',
      { email, displayName: 'Roles', roles: ['TEACHER'], password: PASSWORD },
      USER,
    );
    const userId = created.payload?.user?.id ?? '';
    const live = (await login(email, PASSWORD))?.tokens?.accessToken ?? '';
    const granted = await mutate('grantRole', { userId, role: 'ACCOUNTANT' }, USER);
    expect(granted.payload?.user?.roles).toEqual(['TEACHER', 'ACCOUNTANT']);
    expect((await me(live)).status).toBe(401);
    const revoked = await mutate('revokeRole', { userId, role: 'TEACHER' }, USER);
    expect(revoked.payload?.user?.roles).toEqual(['ACCOUNTANT']);
    expect(
      codes((await mutate('revokeRole', { userId: adminId, role: 'SCHOOL_ADMIN' }, USER)).payload),
    ).toEqual(['CANNOT_CHANGE_SELF']);
    expect(codes((await mutate('grantRole', { userId, role: 'PLATFORM_ADMIN' }, USER)).payload)).toEqual([
      'ROLE_NOT_ALLOWED',
    ]);
    const events = await auditEvents({ targetId: userId, action: 'ROLE_REVOKED' });
    expect(events?.edges.map((edge) => JSON.parse(edge.node.details) as unknown)).toEqual([
      { role: 'TEACHER' },
    ]);
  });

  it('manages students, teachers, guardians and their links, with validation and fresh reads', async () => {
    const number = `A${unique()}`;
    const student = await mutate(
      'createStudent',
      {
        admissionNumber: number,
        givenName: 'Asha',
        familyName: 'Rao',
        dateOfBirth: '2014-05-06',
        gender: 'FEMALE',
        admittedOn: '2019-06-01',
      },
      `student { id admissionNumber fullName gender } ${ERRORS}`,
    );
    expect(student.payload?.userErrors).toEqual([]);
    const studentId = (student.payload as { student: { id: string } } | undefined)?.student.id ?? '';
    const dupe = await mutate(
      'createStudent',
      {
        admissionNumber: number,
        givenName: 'B',
        familyName: 'C',
        dateOfBirth: '2014-05-06',
        admittedOn: '2019-06-01',
      },
      `student { id } ${ERRORS}`,
    );
    expect(codes(dupe.payload)).toEqual(['ADMISSION_NUMBER_TAKEN']);
    const badDates = await mutate(
      'createStudent',
      {
        admissionNumber: `B${unique()}`,
        givenName: ' ',
        familyName: 'C',
        dateOfBirth: '2014-05-06',
        admittedOn: '2010-01-01',
      },
      `student { id } ${ERRORS}`,
    );
    expect(codes(badDates.payload)?.sort()).toEqual(['INVALID_DATE', 'INVALID_INPUT']);

    // Read once (cached), update, read again: the update shows.
    const read = () =>
      asAdmin<{
        student: {
          fullName: string;
          guardians: { relationship: string; mayPickUp: boolean; guardian: { id: string } }[];
        };
      }>(
        `query ($id: ID!) { student(id: $id) { fullName guardians { relationship mayPickUp guardian { id } } } }`,
        { id: studentId },
      );
    expect((await read()).body.data?.student.fullName).toBe('Asha Rao');
    const updated = await mutate(
      'updateStudent',
      { id: studentId, givenName: 'Asha M.' },
      `student { fullName } ${ERRORS}`,
    );
    expect(updated.payload).toEqual({ student: { fullName: 'Asha M. Rao' }, userErrors: [] });
    expect((await read()).body.data?.student.fullName).toBe('Asha M. Rao');
    const otherStudent = await stack.resources.db.student.findFirstOrThrow({
      where: { schoolId: other.schoolId },
      select: { id: true },
    });
    expect(
      codes(
        (await mutate('updateStudent', { id: otherStudent.id, givenName: 'X' }, `student { id } ${ERRORS}`))
          .payload,
      ),
    ).toEqual(['NOT_FOUND']);

    const teacher = await mutate(
      'createTeacher',
      { employeeNumber: `E${unique()}`, givenName: 'Tara', familyName: 'Iyer', joinedOn: '2020-01-06' },
      `teacher { id fullName } ${ERRORS}`,
    );
    expect(teacher.payload?.userErrors).toEqual([]);

    const guardian = await mutate(
      'createGuardian',
      { givenName: 'Meera', familyName: 'Rao', email: `meera.${unique()}@example.test` },
      `guardian { id } ${ERRORS}`,
    );
    const guardianId = (guardian.payload as { guardian: { id: string } } | undefined)?.guardian.id ?? '';
    const linkInput = {
      studentId,
      guardianId,
      relationship: 'MOTHER',
      hasCustody: true,
      contactPriority: 1,
      mayPickUp: true,
      receivesSms: false,
    };
    const LINK = `link { relationship receivesSms contactPriority student { id } guardian { id } } ${ERRORS}`;
    const linked = await mutate('linkGuardian', linkInput, LINK);
    expect(linked.payload?.userErrors).toEqual([]);
    expect((await read()).body.data?.student.guardians).toEqual([
      { relationship: 'MOTHER', mayPickUp: true, guardian: { id: guardianId } },
    ]);
    expect(codes((await mutate('linkGuardian', linkInput, LINK)).payload)).toEqual(['ALREADY_LINKED']);
    expect(codes((await mutate('linkGuardian', { ...linkInput, contactPriority: 0 }, LINK)).payload)).toEqual(
      ['INVALID_INPUT'],
    );
    const otherGuardian = await stack.resources.db.guardian.findFirstOrThrow({
      where: { schoolId: other.schoolId },
      select: { id: true },
    });
    expect(
      codes((await mutate('linkGuardian', { ...linkInput, guardianId: otherGuardian.id }, LINK)).payload),
    ).toEqual(['NOT_FOUND']);

    const changed = await mutate('updateGuardianLink', { studentId, guardianId, mayPickUp: false }, LINK);
    expect(changed.payload?.userErrors).toEqual([]);
    expect((await read()).body.data?.student.guardians[0]?.mayPickUp).toBe(false);
    const unlinked = await mutate('unlinkGuardian', { studentId, guardianId }, `success ${ERRORS}`);
    expect(unlinked.payload).toEqual({ success: true, userErrors: [] });
    expect((await read()).body.data?.student.guardians).toEqual([]);
    expect(
      codes((await mutate('unlinkGuardian', { studentId, guardianId }, `success ${ERRORS}`)).payload),
    ).toEqual(['NOT_LINKED']);

    const actions = (await auditEvents({ targetId: studentId }))?.edges.map((edge) => edge.node.action);
    expect(actions).toEqual([
      'GUARDIAN_UNLINKED',
      'GUARDIAN_LINK_UPDATED',
      'GUARDIAN_LINKED',
      'STUDENT_UPDATED',
      'STUDENT_CREATED',
    ]);
  });

  describe('teachers, staff and guardians', () => {
    const fieldErrors = (payload: { userErrors: UserError[] } | undefined) =>
      payload?.userErrors
        .map((error) => `${error.code}:${(error.field ?? []).join('.')}`)
        .sort((a, b) => a.localeCompare(b));
    const idOf = (payload: unknown, key: string) =>
      ((payload as Record<string, { id: string } | null> | undefined)?.[key]?.id ?? '') as string;
    const actionsOn = async (targetId: string) =>
      (await auditEvents({ targetId }))?.edges.map((edge) => [
        edge.node.action,
        JSON.parse(edge.node.details) as unknown,
      ]);

    it('are for school admins only', async () => {
      const teacher = await tokenForUser(stack.app, school.schoolId, teacherId);
      const attempts = [
        mutate('updateTeacher', { id: teacherId, givenName: 'X' }, `teacher { id } ${ERRORS}`, teacher),
        mutate(
          'createStaff',
          { employeeNumber: `S${unique()}`, givenName: 'A', familyName: 'B', jobTitle: 'Clerk' },
          `staff { id } ${ERRORS}`,
          teacher,
        ),
        mutate('updateStaff', { id: teacherId, jobTitle: 'X' }, `staff { id } ${ERRORS}`, teacher),
        mutate('updateGuardian', { id: teacherId, givenName: 'X' }, `guardian { id } ${ERRORS}`, teacher),
      ];
      for (const { response } of await Promise.all(attempts))
        expect(topCodes(response)).toEqual(['FORBIDDEN']);
    });

    it('updates a teacher: every bad field at once, taken numbers, other schools, a fresh read, audited', async () => {
      const TEACHER = `teacher { fullName phone employeeNumber joinedOn } ${ERRORS}`;
      const number = `E${unique()}`;
      const created = await mutate(
        'createTeacher',
        {
          employeeNumber: number,
          givenName: 'Tara',
          familyName: 'Iyer',
          phone: '+91 1',
          joinedOn: '2020-01-06',
        },
        `teacher { id } ${ERRORS}`,
      );
      const id = idOf(created.payload, 'teacher');
      const read = async () =>
        (
          await asAdmin<{ teacher: Record<string, unknown> }>(
            'query ($id: ID!) { teacher(id: $id) { fullName phone employeeNumber } }',
            { id },
          )
        ).body.data?.teacher;
      expect(await read()).toEqual({ fullName: 'Tara Iyer', phone: '+91 1', employeeNumber: number });

      // Omitted fields stay, an empty phone removes it, and the cached copy is dropped.
      const updated = await mutate('updateTeacher', { id, familyName: 'Menon', phone: '' }, TEACHER);
      expect(updated.payload).toEqual({
        teacher: { fullName: 'Tara Menon', phone: null, employeeNumber: number, joinedOn: '2020-01-06' },
        userErrors: [],
      });
      expect(await read()).toEqual({ fullName: 'Tara Menon', phone: null, employeeNumber: number });

      const bad = await mutate(
        'updateTeacher',
        { id, employeeNumber: 'x'.repeat(33), givenName: ' ', phone: '9'.repeat(33), joinedOn: '2999-01-01' },
        TEACHER,
      );
      expect(fieldErrors(bad.payload)).toEqual([
        'INVALID_DATE:input.joinedOn',
        'INVALID_INPUT:input.employeeNumber',
        'INVALID_INPUT:input.givenName',
        'INVALID_INPUT:input.phone',
      ]);
      const seeded = await stack.resources.db.teacher.findFirstOrThrow({
        where: { schoolId: school.schoolId, id: { not: id } },
        select: { employeeNumber: true },
      });
      expect(
        fieldErrors(
          (await mutate('updateTeacher', { id, employeeNumber: seeded.employeeNumber }, TEACHER)).payload,
        ),
      ).toEqual(['EMPLOYEE_NUMBER_TAKEN:input.employeeNumber']);
      const foreign = await stack.resources.db.teacher.findFirstOrThrow({
        where: { schoolId: other.schoolId },
        select: { id: true, givenName: true },
      });
      for (const target of [foreign.id, 'not-an-id'])
        expect(
          fieldErrors((await mutate('updateTeacher', { id: target, givenName: 'X' }, TEACHER)).payload),
        ).toEqual(['NOT_FOUND:input.id']);
      expect(
        (await stack.resources.db.teacher.findUniqueOrThrow({ where: { id: foreign.id } })).givenName,
      ).toBe(foreign.givenName);
      expect(await read()).toEqual({ fullName: 'Tara Menon', phone: null, employeeNumber: number });
      // Refused changes leave no event; the event names the fields, not their values.
      expect(await actionsOn(id)).toEqual([
        ['TEACHER_UPDATED', { fields: ['familyName', 'phone'] }],
        ['TEACHER_CREATED', {}],
      ]);
    });

    it('creates and updates staff: validation, taken numbers, other schools, a fresh read, audited', async () => {
      const STAFF = `staff { id fullName jobTitle phone employeeNumber } ${ERRORS}`;
      const number = `S${unique()}`;
      const created = await mutate(
        'createStaff',
        { employeeNumber: number, givenName: 'Ravi', familyName: 'Das', jobTitle: 'Librarian', phone: ' ' },
        STAFF,
      );
      expect(created.payload).toMatchObject({
        staff: { fullName: 'Ravi Das', jobTitle: 'Librarian', phone: null, employeeNumber: number },
        userErrors: [],
      });
      const id = idOf(created.payload, 'staff');
      const seeded = await stack.resources.db.staff.findFirstOrThrow({
        where: { schoolId: school.schoolId, id: { not: id } },
        select: { employeeNumber: true },
      });
      const taken = await mutate(
        'createStaff',
        { employeeNumber: seeded.employeeNumber, givenName: 'A', familyName: 'B', jobTitle: 'Clerk' },
        STAFF,
      );
      expect(fieldErrors(taken.payload)).toEqual(['EMPLOYEE_NUMBER_TAKEN:input.employeeNumber']);
      const invalid = await mutate(
        'createStaff',
        { employeeNumber: '', givenName: 'A', familyName: '', jobTitle: 'x'.repeat(101) },
        STAFF,
      );
      expect(fieldErrors(invalid.payload)).toEqual([
        'INVALID_INPUT:input.employeeNumber',
        'INVALID_INPUT:input.familyName',
        'INVALID_INPUT:input.jobTitle',
      ]);

      // Staff are read by key through the (cached) entity loader.
      const read = async () =>
        (
          await asAdmin<{ _entities: { jobTitle: string; phone: string | null }[] }>(
            'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Staff { jobTitle phone } } }',
            { r: [{ __typename: 'Staff', id }] },
          )
        ).body.data?._entities[0];
      expect(await read()).toEqual({ jobTitle: 'Librarian', phone: null });
      const updated = await mutate('updateStaff', { id, jobTitle: 'Head Librarian', phone: '+91 22' }, STAFF);
      expect(updated.payload?.userErrors).toEqual([]);
      expect(await read()).toEqual({ jobTitle: 'Head Librarian', phone: '+91 22' });
      expect(
        fieldErrors(
          (await mutate('updateStaff', { id, employeeNumber: seeded.employeeNumber }, STAFF)).payload,
        ),
      ).toEqual(['EMPLOYEE_NUMBER_TAKEN:input.employeeNumber']);
      expect(fieldErrors((await mutate('updateStaff', { id, jobTitle: '  ' }, STAFF)).payload)).toEqual([
        'INVALID_INPUT:input.jobTitle',
      ]);
      const foreign = await stack.resources.db.staff.findFirstOrThrow({
        where: { schoolId: other.schoolId },
        select: { id: true },
      });
      expect(
        fieldErrors((await mutate('updateStaff', { id: foreign.id, jobTitle: 'X' }, STAFF)).payload),
      ).toEqual(['NOT_FOUND:input.id']);
      expect(await actionsOn(id)).toEqual([
        ['STAFF_UPDATED', { fields: ['jobTitle', 'phone'] }],
        ['STAFF_CREATED', {}],
      ]);
    });

    it('updates a guardian: a valid email or none, other schools, a fresh read, audited', async () => {
      const GUARDIAN = `guardian { fullName email phone } ${ERRORS}`;
      const email = `g.${unique()}@example.test`;
      const created = await mutate(
        'createGuardian',
        { givenName: 'Meera', familyName: 'Rao', email },
        `guardian { id } ${ERRORS}`,
      );
      const id = idOf(created.payload, 'guardian');
      const read = async () =>
        (
          await asAdmin<{ guardian: Record<string, unknown> }>(
            'query ($id: ID!) { guardian(id: $id) { fullName email phone } }',
            { id },
          )
        ).body.data?.guardian;
      expect(await read()).toEqual({ fullName: 'Meera Rao', email, phone: null });
      expect(
        fieldErrors(
          (await mutate('updateGuardian', { id, email: 'not-an-email', givenName: '' }, GUARDIAN)).payload,
        ),
      ).toEqual(['INVALID_INPUT:input.email', 'INVALID_INPUT:input.givenName']);
      const updated = await mutate(
        'updateGuardian',
        { id, email: '', phone: '+91 33', givenName: 'Meera K.' },
        GUARDIAN,
      );
      expect(updated.payload).toEqual({
        guardian: { fullName: 'Meera K. Rao', email: null, phone: '+91 33' },
        userErrors: [],
      });
      expect(await read()).toEqual({ fullName: 'Meera K. Rao', email: null, phone: '+91 33' });
      const foreign = await stack.resources.db.guardian.findFirstOrThrow({
        where: { schoolId: other.schoolId },
        select: { id: true },
      });
      expect(
        fieldErrors((await mutate('updateGuardian', { id: foreign.id, givenName: 'X' }, GUARDIAN)).payload),
      ).toEqual(['NOT_FOUND:input.id']);
      const events = await actionsOn(id);
      expect(events).toEqual([
        ['GUARDIAN_UPDATED', { fields: ['givenName', 'email', 'phone'] }],
        ['GUARDIAN_CREATED', {}],
      ]);
      // The details name the fields, never the values.
      expect(JSON.stringify(events)).not.toContain('+91 33');
    });
  });

  describe('CSV import', () => {
    const IMPORT = `studentsCreated guardiansCreated linksCreated plannedGuardians rowCount validRowCount dryRun
      rowErrors { line column code message } ${ERRORS}`;
    interface ImportResult {
      studentsCreated: number;
      guardiansCreated: number;
      linksCreated: number;
      plannedGuardians: number;
      rowCount: number;
      validRowCount: number;
      rowErrors: { line: number; column: string | null; code: string }[];
    }
    const runImport = async (csv: string, dryRun: boolean) =>
      (await mutate('importStudents', { csv, dryRun }, IMPORT)).payload as Payload<ImportResult> | undefined;
    const csvOf = (rows: string[]) => [IMPORT_HEADER.join(','), ...rows].join('\n');
    const countStudents = () => stack.resources.db.student.count({ where: { schoolId: school.schoolId } });

    it('checks every row in a dry run and writes nothing', async () => {
      const tag = unique();
      const before = await countStudents();
      const result = await runImport(
        csvOf([
          `I${tag}1,Ravi,Kumar,2015-02-03,MALE,2021-06-01,Lata,Kumar,MOTHER,lata.${tag}@example.test,+911234,,,,,`,
          `I${tag}2,Ria,Kumar,2016-02-03,,2021-06-01,Lata,Kumar,MOTHER,lata.${tag}@example.test,,Raj,Kumar,FATHER,,`,
        ]),
        true,
      );
      expect(result).toMatchObject({
        rowCount: 2,
        validRowCount: 2,
        studentsCreated: 0,
        plannedGuardians: 2,
        rowErrors: [],
        userErrors: [],
      });
      expect(await countStudents()).toBe(before);
    });

    it('imports nothing when one row is wrong, and names its line and column', async () => {
      const tag = unique();
      const before = await countStudents();
      const csv = csvOf([
        `J${tag}1,Ravi,Kumar,2015-02-03,MALE,2021-06-01,Lata,Kumar,MOTHER,,,,,,,`,
        `J${tag}2,Ria,"Kumar, Jr.",2016-02-30,,2021-06-01,,,,,,,,,,`,
        `J${tag}3,Ria,Kumar,2016-02-03,,2021-06-01,Raj,Kumar,UNCLE,,,,,,,`,
        `J${tag}1,Dup,Kumar,2016-02-03,,2021-06-01,,,,,,,,,,`,
      ]);
      for (const dryRun of [true, false]) {
        const result = await runImport(csv, dryRun);
        expect(result?.studentsCreated).toBe(0);
        expect(result?.rowErrors.map(({ line, column, code }) => ({ line, column, code }))).toEqual([
          { line: 3, column: 'dateOfBirth', code: 'INVALID_DATE' },
          { line: 4, column: 'guardian1Relationship', code: 'INVALID_INPUT' },
          { line: 5, column: 'admissionNumber', code: 'ADMISSION_NUMBER_TAKEN' },
        ]);
        expect(result?.validRowCount).toBe(1);
      }
      expect(await countStudents()).toBe(before);
    });

    it('refuses a wrong header and an oversized file as a whole', async () => {
      expect(codes(await runImport('name,dob\nA,2015-01-01', false))).toEqual(['INVALID_CSV']);
      const rows = Array.from({ length: 2001 }, (_, i) => `K${i},A,B,2015-01-01,,2020-01-01,,,,,,,,,,`);
      expect(codes(await runImport(csvOf(rows), true))).toEqual(['INVALID_CSV']);
    });

    it('imports a good file in one go, with guardians created once and linked, and audits it', async () => {
      const tag = unique();
      const existing = await mutate(
        'createGuardian',
        { givenName: 'Old', familyName: 'Known', email: `known.${tag}@example.test` },
        `guardian { id } ${ERRORS}`,
      );
      const knownId = (existing.payload as { guardian: { id: string } } | undefined)?.guardian.id;
      const before = await countStudents();
      const result = await runImport(
        csvOf([
          `L${tag}1,Ravi,Kumar,2015-02-03,MALE,2021-06-01,Lata,Kumar,MOTHER,lata.${tag}@example.test,,Old,Known,GRANDPARENT,KNOWN.${tag}@example.test,`,
          `L${tag}2,Ria,Kumar,2016-02-03,FEMALE,2021-06-01,Lata,Kumar,MOTHER,lata.${tag}@example.test,,,,,,`,
          `L${tag}3,Sam,Solo,2016-02-03,,2021-06-01,,,,,,,,,,`,
        ]),
        false,
      );
      expect(result).toMatchObject({
        rowErrors: [],
        userErrors: [],
        studentsCreated: 3,
        guardiansCreated: 1,
        linksCreated: 3,
      });
      expect(await countStudents()).toBe(before + 3);
      const ravi = await stack.resources.db.student.findFirstOrThrow({
        where: { schoolId: school.schoolId, admissionNumber: `L${tag}1` },
        select: {
          guardians: {
            select: { guardianId: true, relationship: true, contactPriority: true },
            orderBy: { contactPriority: 'asc' },
          },
        },
      });
      expect(ravi.guardians.map((link) => link.relationship)).toEqual(['MOTHER', 'GRANDPARENT']);
      expect(ravi.guardians[1]?.guardianId).toBe(knownId);
      const ria = await stack.resources.db.student.findFirstOrThrow({
        where: { schoolId: school.schoolId, admissionNumber: `L${tag}2` },
        select: { guardians: { select: { guardianId: true } } },
      });
      // Siblings share the one mother created by the import.
      expect(ria.guardians[0]?.guardianId).toBe(ravi.guardians[0]?.guardianId);
      const events = await auditEvents({ action: 'STUDENTS_IMPORTED' }, 1);
      expect(JSON.parse(events?.edges[0]?.node.details ?? '{}')).toEqual({
        students: 3,
        guardians: 1,
        links: 3,
      });
    });
  });

  describe('audit log', () => {
    it('records sign-in failures and pages newest first with filters', async () => {
      const teacher = school.logins.find((candidate) => candidate.role === 'TEACHER');
      expect(codes(await login(teacher?.email ?? '', 'wrong password 123'))).toEqual(['INVALID_CREDENTIALS']);
      const failures = await auditEvents({ action: 'LOGIN_FAILED', targetId: teacherId });
      expect(failures?.edges[0]?.node).toMatchObject({ actorUserId: null, targetId: teacherId });
      expect(JSON.parse(failures?.edges[0]?.node.details ?? '{}')).toEqual({ reason: 'INVALID_CREDENTIALS' });

      expect((await login(teacher?.email ?? '', DEMO_PASSWORD))?.tokens).not.toBeNull();
      const page1 = await auditEvents({ actorUserId: adminId }, 2);
      expect(page1?.edges).toHaveLength(2);
      expect(page1?.pageInfo.hasNextPage).toBe(true);
      const all = await auditEvents({ actorUserId: adminId }, 100);
      expect(all?.totalCount).toBe(all?.edges.length);
      const inWindow = await auditEvents({ from: new Date(Date.now() + 60_000).toISOString() });
      expect(inWindow?.totalCount).toBe(0);
      const bad = await asAdmin('query { auditEvents(filter: { targetId: "nope" }) { totalCount } }');
      expect(topCodes(bad)).toEqual(['BAD_USER_INPUT']);
    });

    it('records the real actor when a platform admin acts in the school', async () => {
      const platformAdminId = other.logins[0]?.userId ?? '';
      const token = await signTestToken(stack.app, {
        userId: platformAdminId,
        schoolId: other.schoolId,
        roles: ['PLATFORM_ADMIN'],
      });
      const response = await stack.graphql<{ createGuardian: Payload<{ guardian: { id: string } | null }> }>(
        `mutation { createGuardian(input: { givenName: "By", familyName: "Platform" }) { guardian { id } ${ERRORS} } }`,
        {},
        { token, headers: { 'x-school-id': school.schoolId } },
      );
      const guardianId = response.body.data?.createGuardian.guardian?.id;
      expect(guardianId).toBeTruthy();
      const events = await auditEvents({ targetId: guardianId });
      expect(events?.edges[0]?.node).toMatchObject({
        action: 'GUARDIAN_CREATED',
        actorUserId: platformAdminId,
        isPlatformAdminAction: true,
      });
    });
  });
});
