import type { RequestContextBase, RequestIdentity } from '@schools24/graphql';

/**
 * The gateway's per-request context: what the request claimed (forwarded to subgraphs as headers
 * or, in-process, directly, for each to verify again) and what the gateway itself verified.
 */
export interface GatewayContext extends RequestIdentity, RequestContextBase {}
