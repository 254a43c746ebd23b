import type {
  AccountTokenPurpose,
  Prisma,
  TenantDatabase,
  TenantTransaction,
  UserStatus,
} from '@schools24/db';

/** A token to store (its hash) and the message that carries the token itself to the user. */
export interface NewAccountToken {
  tokenHash: Buffer;
  expiresAt: Date;
  message: { to: string; template: string; payload: Prisma.InputJsonObject };
}

/** Whose an unused, unexpired token is; the caller decides which statuses may use it. */
export interface PendingAccountToken {
  userId: string;
  email: string;
  status: UserStatus;
}

export interface RedeemedToken {
  schoolId: string;
  userId: string;
  purpose: AccountTokenPurpose;
  tokenHash: Buffer;
  at: Date;
}

/**
 * Single-use tokens mailed to users: password-reset links and invitations. Every query names the
 * purpose, so a token works only for what it was issued for, and using one voids only the user's
 * other tokens of that purpose. Looked up by the SHA-256 of the presented secret, inside the school
 * the token's prefix names.
 */
export class AccountTokenRepository {
  constructor(private readonly db: TenantDatabase) {}

  /** The user an unused, unexpired token of this purpose belongs to. */
  async pending(
    schoolId: string,
    purpose: AccountTokenPurpose,
    tokenHash: Buffer,
    at: Date,
  ): Promise<PendingAccountToken | null> {
    const row = await this.db.forTenant(schoolId).accountToken.findFirst({
      where: {
        schoolId,
        purpose,
        tokenHash: Uint8Array.from(tokenHash),
        usedAt: null,
        expiresAt: { gt: at },
      },
      select: { user: { select: { id: true, email: true, status: true } } },
    });
    return row && { userId: row.user.id, email: row.user.email, status: row.user.status };
  }

  /** Tokens of this purpose issued to the user since `since` (to cap how many emails one account gets). */
  countIssued(schoolId: string, userId: string, purpose: AccountTokenPurpose, since: Date): Promise<number> {
    return this.db
      .forTenant(schoolId)
      .accountToken.count({ where: { schoolId, userId, purpose, createdAt: { gte: since } } });
  }

  /** Stores the token and queues its message, in one transaction. */
  async issue(
    schoolId: string,
    userId: string,
    purpose: AccountTokenPurpose,
    token: NewAccountToken,
  ): Promise<void> {
    await this.db.withTenant(schoolId, (tx) => issueAccountToken(tx, schoolId, userId, purpose, token));
  }
}

/** In the caller's transaction: stores the token's hash and queues the message carrying the token. */
export async function issueAccountToken(
  tx: TenantTransaction,
  schoolId: string,
  userId: string,
  purpose: AccountTokenPurpose,
  token: NewAccountToken,
): Promise<void> {
  await tx.accountToken.create({
    data: {
      schoolId,
      userId,
      purpose,
      tokenHash: Uint8Array.from(token.tokenHash),
      expiresAt: token.expiresAt,
    },
    select: { id: true },
  });
  await tx.outboxMessage.create({ data: { schoolId, ...token.message }, select: { id: true } });
}

/**
 * In the caller's transaction: uses the token (one conditional UPDATE — unused, unexpired, this
 * purpose — so it works once even under races) and voids the user's other unused tokens of the same
 * purpose. False when the token is not (or no longer) usable; the caller then writes nothing.
 */
export async function redeemAccountToken(
  tx: TenantTransaction,
  { schoolId, userId, purpose, tokenHash, at }: RedeemedToken,
): Promise<boolean> {
  const claimed = await tx.accountToken.updateMany({
    where: {
      schoolId,
      userId,
      purpose,
      tokenHash: Uint8Array.from(tokenHash),
      usedAt: null,
      expiresAt: { gt: at },
    },
    data: { usedAt: at },
  });
  if (claimed.count !== 1) return false;
  await tx.accountToken.updateMany({
    where: { schoolId, userId, purpose, usedAt: null },
    data: { usedAt: at },
  });
  return true;
}
