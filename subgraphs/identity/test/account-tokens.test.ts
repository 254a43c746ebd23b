// Invitation and password-reset tokens share one table but not one purpose: each works only for the
// operation it was issued for, and using one never voids the other. Through the identity subgraph
// over HTTP against the real PostgreSQL and Redis; the table is read and, where the API can no longer
// make a state (a reset token for an invited user), written with the admin connection.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOpaqueToken } from '@schools24/auth';
import { createTestSchool, startSubgraphStack, type TestEndpoint } from '@schools24/testkit';
import { createIdentitySubgraph } from '../src/index.js';
import { createIdentityRepositories } from '../src/repositories/index.js';

type TestSchool = Awaited<ReturnType<typeof createTestSchool>>;
interface Payload {
  success?: boolean;
  user?: { id: string } | null;
  userErrors: { code: string }[];
}

const PASSWORD = 'correct horse battery staple 42';
const OTHER_PASSWORD = 'a different long passphrase 7';
const ERRORS = 'userErrors { code }';
const unique = () => randomBytes(4).toString('hex');
const newIp = () => `10.${randomBytes(3).join('.')}`;
const codes = (payload: Payload | undefined) => payload?.userErrors.map((error) => error.code);

describe('invitation and password-reset tokens are kept apart', () => {
  let stack: TestEndpoint;
  let school: TestSchool;

  beforeAll(async () => {
    stack = await startSubgraphStack(createIdentitySubgraph);
    school = await createTestSchool(stack.resources.db, { students: 2, teachers: 1 });
  });
  afterAll(async () => {
    await school?.remove();
    await stack?.stop();
  });

  const send = async (name: string, document: string, input: Record<string, unknown>, asAdmin = false) =>
    (
      await stack.graphql<Record<string, Payload>>(
        document,
        { input },
        asAdmin ? { schoolId: school.schoolId } : { headers: { 'x-forwarded-for': newIp() } },
      )
    ).body.data?.[name];

  const acceptInvitation = (token: string, password = PASSWORD) =>
    send(
      'acceptInvitation',
      `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { success ${ERRORS} } }`,
      { token, password },
    );
  const resetPassword = (token: string, newPassword = PASSWORD) =>
    send(
      'resetPassword',
      `mutation ($input: ResetPasswordInput!) { resetPassword(input: $input) { success ${ERRORS} } }`,
      { token, newPassword },
    );
  const requestReset = (email: string) =>
    send(
      'requestPasswordReset',
      `mutation ($input: RequestPasswordResetInput!) { requestPasswordReset(input: $input) { message ${ERRORS} } }`,
      { schoolCode: school.code, email },
    );
  const login = (email: string, password: string) =>
    send(
      'login',
      `mutation ($input: LoginInput!) { login(input: $input) { tokens { accessToken } ${ERRORS} } }`,
      { schoolCode: school.code, email, password },
    ) as Promise<(Payload & { tokens: unknown }) | undefined>;

  const tokensMailed = async (email: string, template: 'invitation' | 'password-reset') => {
    const messages = await stack.resources.db.outboxMessage.findMany({
      where: { schoolId: school.schoolId, to: email, template },
      orderBy: { createdAt: 'asc' },
      select: { payload: true },
    });
    return messages.map((message) => (message.payload as { token: string }).token);
  };

  const statusOf = async (userId: string) =>
    (
      await stack.resources.db.user.findUniqueOrThrow({
        where: { id: userId },
        select: { status: true, passwordHash: true },
      })
    ).status;

  const invite = async () => {
    const email = `invited.${unique()}@example.test`;
    const payload = await send(
      'inviteUser',
      `mutation ($input: InviteUserInput!) { inviteUser(input: $input) { user { id } ${ERRORS} } }`,
      { email, displayName: 'Invited', roles: ['TEACHER'] },
      true,
    );
    expect(payload?.userErrors).toEqual([]);
    const [token] = await tokensMailed(email, 'invitation');
    if (!payload?.user || !token) throw new Error('no invitation');
    return { email, userId: payload.user.id, token };
  };

  /** A reset token for a user, written as `requestPasswordReset` would write it. */
  const storedResetToken = async (userId: string) => {
    const reset = newOpaqueToken(school.schoolId, 16);
    await stack.resources.db.accountToken.create({
      data: {
        schoolId: school.schoolId,
        userId,
        purpose: 'PASSWORD_RESET',
        tokenHash: Uint8Array.from(reset.hash),
        expiresAt: new Date(Date.now() + 30 * 60_000),
      },
    });
    return reset;
  };

  it('refuses an invitation token at resetPassword, and the invitation still works afterwards', async () => {
    const invited = await invite();
    expect(codes(await resetPassword(invited.token))).toEqual(['INVALID_RESET_TOKEN']);
    expect(await statusOf(invited.userId)).toBe('INVITED');
    expect(await acceptInvitation(invited.token)).toEqual({ success: true, userErrors: [] });
    expect((await login(invited.email, PASSWORD))?.tokens).not.toBeNull();
  });

  it('refuses a reset token at acceptInvitation, even one issued to an invited user', async () => {
    // An active user's reset link is no invitation, and still resets the password afterwards.
    const email = `active.${unique()}@example.test`;
    await send(
      'createUser',
      `mutation ($input: CreateUserInput!) { createUser(input: $input) { user { id } ${ERRORS} } }`,
      { email, displayName: 'Active', roles: ['TEACHER'], password: PASSWORD },
      true,
    );
    await requestReset(email);
    const [resetToken] = await tokensMailed(email, 'password-reset');
    expect(codes(await acceptInvitation(resetToken ?? '', OTHER_PASSWORD))).toEqual(['INVALID_INVITATION']);
    expect(await resetPassword(resetToken ?? '', OTHER_PASSWORD)).toEqual({ success: true, userErrors: [] });
    expect((await login(email, OTHER_PASSWORD))?.tokens).not.toBeNull();

    // A reset token of an invited user (the API no longer issues one; an older row might exist):
    // only its purpose stops it from activating the account with a password of the bearer's choice.
    const invited = await invite();
    const reset = await storedResetToken(invited.userId);
    expect(codes(await acceptInvitation(reset.token, OTHER_PASSWORD))).toEqual(['INVALID_INVITATION']);
    expect(await statusOf(invited.userId)).toBe('INVITED');
  });

  it('never voids a pending invitation with a password reset', async () => {
    const invited = await invite();
    // Asking for a reset sends an invited user nothing: the invitation is their way in.
    expect((await requestReset(invited.email))?.userErrors).toEqual([]);
    expect(await tokensMailed(invited.email, 'password-reset')).toEqual([]);

    // Completing a reset voids the user's other reset links, and only those.
    const used = await storedResetToken(invited.userId);
    await storedResetToken(invited.userId);
    const repos = createIdentityRepositories(stack.app.db);
    expect(
      await repos.auth.completePasswordReset(
        school.schoolId,
        invited.userId,
        used.hash,
        'unused',
        new Date(),
      ),
    ).toBe(true);
    const unused = await stack.resources.db.accountToken.findMany({
      where: { userId: invited.userId, usedAt: null },
      select: { purpose: true },
    });
    expect(unused.map((row) => row.purpose)).toEqual(['INVITATION']);
    expect(await acceptInvitation(invited.token)).toEqual({ success: true, userErrors: [] });
    expect(await statusOf(invited.userId)).toBe('ACTIVE');
  });

  it('counts only reset links against the reset-email cap', async () => {
    // Three reset links fill the cap; the invitation of another purpose took none of it.
    const invited = await invite();
    expect(await acceptInvitation(invited.token)).toEqual({ success: true, userErrors: [] });
    for (let i = 0; i < 4; i++) await requestReset(invited.email);
    expect(await tokensMailed(invited.email, 'password-reset')).toHaveLength(3);
  });
});
