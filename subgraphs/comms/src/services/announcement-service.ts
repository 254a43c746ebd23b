import type { AnnouncementAudience } from '@schools24/db';
import { parsePageRequest, type ConnectionArgs, type TenantScope } from '@schools24/graphql';
import type { CommsLoaders } from '../loaders/index.js';
import type { CommsRepositories } from '../repositories/index.js';

/**
 * Reads of the school's announcements. Every read is scoped to the request's tenant: an id from
 * another school is simply not found.
 */
export class AnnouncementService {
  constructor(
    private readonly tenant: TenantScope<CommsLoaders>,
    private readonly repos: CommsRepositories,
  ) {}

  announcement(id: string) {
    return this.tenant.loaders.announcement.load(id);
  }

  announcements(args: ConnectionArgs & { audience?: AnnouncementAudience | null }) {
    return this.repos.announcements.page(this.tenant.schoolId, parsePageRequest(args), {
      audience: args.audience ?? undefined,
    });
  }
}
