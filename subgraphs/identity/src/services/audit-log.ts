import type { Viewer } from '@schools24/auth';
import type { AuditAction, Prisma } from '@schools24/db';
import type { Logger } from '@schools24/logger';
import type { AuditRepository, NewAuditEvent } from '../repositories/audit-repository.js';

/** Who caused an event: a user (possibly a platform admin from another school) and their address. */
export interface AuditActor {
  userId: string | null;
  /** The actor's own school when it is not the event's school (a platform admin acting here). */
  homeSchoolId: string | null;
  ip: string | null;
}

export const anonymousActor = (ip: string | null): AuditActor => ({ userId: null, homeSchoolId: null, ip });

/** The real actor behind a viewer: for a platform admin acting in a school, the admin themself. */
export function actorOf(viewer: Viewer | null, ip: string | null): AuditActor {
  if (!viewer) return anonymousActor(ip);
  return { userId: viewer.actorUserId ?? viewer.userId, homeSchoolId: viewer.actorSchoolId ?? null, ip };
}

export interface AuditEntry {
  action: AuditAction;
  target?: { type: string; id: string } | null;
  /** Ids, counts and reasons only: never names, emails or secrets. */
  details?: Prisma.InputJsonObject;
}

/** Builds the row of an event (used directly by repositories that write it in their transaction). */
export function auditRow(actor: AuditActor, entry: AuditEntry): NewAuditEvent {
  return {
    action: entry.action,
    actorUserId: actor.userId,
    actorSchoolId: actor.homeSchoolId,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    ip: actor.ip?.slice(0, 64) ?? null,
    details: entry.details ?? {},
  };
}

/**
 * The one writer of the audit log. Sign-in events are recorded best-effort: a failing audit write
 * is logged loudly but does not stop a sign-in. Administration changes write their event in the
 * change's own transaction instead (see `auditRow`), so neither exists without the other.
 */
export class AuditLog {
  constructor(
    private readonly repo: AuditRepository,
    private readonly logger: Logger,
  ) {}

  async record(schoolId: string, actor: AuditActor, entry: AuditEntry): Promise<void> {
    try {
      await this.repo.append(schoolId, [auditRow(actor, entry)]);
    } catch (error) {
      this.logger.error({ err: error, auditSchoolId: schoolId, action: entry.action }, 'audit write failed');
    }
  }
}
