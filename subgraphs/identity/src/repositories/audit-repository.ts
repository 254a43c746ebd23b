import type { AuditAction, Prisma, TenantDatabase, TenantTransaction } from '@schools24/db';
import { paginate, type Connection, type PageRequest } from '@schools24/graphql';

export const auditEventSelect = {
  id: true,
  schoolId: true,
  occurredAt: true,
  action: true,
  actorUserId: true,
  actorSchoolId: true,
  targetType: true,
  targetId: true,
  ip: true,
  details: true,
} satisfies Prisma.AuditEventSelect;

export type AuditEventRecord = Prisma.AuditEventGetPayload<{ select: typeof auditEventSelect }>;
export type AuditEventPage = Connection<AuditEventRecord>;

/** One event to append; `schoolId` comes from the caller's tenant. */
export interface NewAuditEvent {
  action: AuditAction;
  actorUserId: string | null;
  actorSchoolId: string | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Prisma.InputJsonObject;
}

export interface AuditEventQuery {
  action?: AuditAction | null | undefined;
  actorUserId?: string | null | undefined;
  targetId?: string | null | undefined;
  from?: Date | null | undefined;
  to?: Date | null | undefined;
}

/** The audit log: append and read, never update (the app role has no UPDATE or DELETE on it). */
export class AuditRepository {
  constructor(private readonly db: TenantDatabase) {}

  async append(schoolId: string, events: readonly NewAuditEvent[]): Promise<void> {
    await this.db
      .forTenant(schoolId)
      .auditEvent.createMany({ data: events.map((event) => ({ schoolId, ...event })) });
  }

  /** Appends inside an open `withTenant` transaction, so the event commits with the change. */
  async appendIn(tx: TenantTransaction, schoolId: string, events: readonly NewAuditEvent[]): Promise<void> {
    await tx.auditEvent.createMany({ data: events.map((event) => ({ schoolId, ...event })) });
  }

  page(schoolId: string, page: PageRequest, filter: AuditEventQuery): Promise<AuditEventPage> {
    const occurredAt: Prisma.DateTimeFilter = {
      ...(filter.from ? { gte: filter.from } : {}),
      ...(filter.to ? { lt: filter.to } : {}),
    };
    const where: Prisma.AuditEventWhereInput = {
      schoolId,
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.actorUserId ? { actorUserId: filter.actorUserId } : {}),
      ...(filter.targetId ? { targetId: filter.targetId } : {}),
      ...(filter.from || filter.to ? { occurredAt } : {}),
    };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).auditEvent.findMany({
          where,
          select: auditEventSelect,
          orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).auditEvent.count({ where }),
    );
  }
}
