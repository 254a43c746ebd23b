import type { AnnouncementAudience, TenantDatabase, Prisma } from '@schools24/db';
import { onlyUuids, paginate, type Connection, type PageRequest } from '@schools24/graphql';

export const announcementSelect = {
  id: true,
  schoolId: true,
  title: true,
  body: true,
  audience: true,
  authorUserId: true,
  publishedAt: true,
} satisfies Prisma.AnnouncementSelect;

export type AnnouncementRecord = Prisma.AnnouncementGetPayload<{ select: typeof announcementSelect }>;
export type AnnouncementPage = Connection<AnnouncementRecord>;

export interface AnnouncementFilter {
  /** Only announcements addressed to exactly this audience. */
  audience?: AnnouncementAudience | undefined;
}

export class AnnouncementRepository {
  constructor(private readonly db: TenantDatabase) {}

  findByIds(schoolId: string, ids: readonly string[]): Promise<AnnouncementRecord[]> {
    return this.db.forTenant(schoolId).announcement.findMany({
      where: { schoolId, id: { in: onlyUuids(ids) } },
      select: announcementSelect,
    });
  }

  /** Newest first; the index on (schoolId, publishedAt desc) serves it. */
  page(schoolId: string, page: PageRequest, filter: AnnouncementFilter): Promise<AnnouncementPage> {
    const where: Prisma.AnnouncementWhereInput = {
      schoolId,
      ...(filter.audience ? { audience: filter.audience } : {}),
    };
    return paginate(
      page,
      (args) =>
        this.db.forTenant(schoolId).announcement.findMany({
          where,
          select: announcementSelect,
          orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
          ...args,
        }),
      () => this.db.forTenant(schoolId).announcement.count({ where }),
    );
  }
}
