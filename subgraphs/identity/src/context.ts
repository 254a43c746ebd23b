import {
  createContextFactory,
  RecordAccess,
  type RequestContextBase,
  type Resources,
} from '@schools24/graphql';
import { createIdentityLoaders } from './loaders/index.js';
import type { IdentityRepositories } from './repositories/index.js';
import type { AuthRequest, AuthService } from './services/auth-service.js';
import { AdminService, type AdminServiceDependencies } from './services/admin-service.js';
import { DirectoryService } from './services/directory-service.js';

export interface IdentityContext extends RequestContextBase {
  directory: DirectoryService;
  /** People administration in the request's school. */
  admin: AdminService;
  /** What the public administration operations (accepting an invitation) need: no tenant yet. */
  adminPublic: Pick<AdminServiceDependencies, 'repos' | 'auth' | 'redis' | 'clientIp'>;
  /** Sign-in, sessions and passwords (shared by every request). */
  auth: AuthService;
  /** What this request brings to `auth`'s operations. */
  authRequest: AuthRequest;
}

export function createIdentityContextFactory(
  resources: Resources,
  repos: IdentityRepositories,
  auth: AuthService,
) {
  return createContextFactory(resources, {
    buildLoaders: (scope) => createIdentityLoaders(scope, repos),
    build: (base, tenant, identity): IdentityContext => ({
      ...base,
      directory: new DirectoryService(tenant, repos, new RecordAccess(base.viewer, repos.ownership)),
      admin: new AdminService({
        tenant,
        repos,
        auth,
        redis: resources.redis,
        viewer: base.viewer,
        clientIp: identity.clientIp,
        logger: base.logger,
      }),
      adminPublic: { repos, auth, redis: resources.redis, clientIp: identity.clientIp },
      auth,
      authRequest: { viewer: base.viewer, clientIp: identity.clientIp, logger: base.logger },
    }),
  });
}
