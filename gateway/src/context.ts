import type { RequestIdentity } from '@schools24/graphql';
import type { Logger } from '@schools24/logger';

/** The gateway's per-request context; forwarded to subgraphs as headers or, in-process, directly. */
export interface GatewayContext extends RequestIdentity {
  logger: Logger;
}
