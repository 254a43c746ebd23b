import type { MutationResolvers, QueryResolvers } from '../generated/resolvers-types.js';

export const authQueryResolvers: Pick<QueryResolvers, 'me'> = {
  me: (_parent, _args, { viewer, directory }) => (viewer ? directory.user(viewer.userId) : null),
};

export const authMutationResolvers: Pick<
  MutationResolvers,
  | 'login'
  | 'refreshSession'
  | 'logout'
  | 'logoutEverywhere'
  | 'requestPasswordReset'
  | 'resetPassword'
  | 'changePassword'
> = {
  login: (_parent, { input }, { auth, authRequest }) => auth.login(input, authRequest),
  refreshSession: (_parent, { input }, { auth, authRequest }) => auth.refreshSession(input, authRequest),
  logout: (_parent, { input }, { auth, authRequest }) => auth.logout(input, authRequest),
  logoutEverywhere: (_parent, _args, { auth, authRequest }) => auth.logoutEverywhere(authRequest),
  requestPasswordReset: (_parent, { input }, { auth }) => auth.requestPasswordReset(input),
  resetPassword: (_parent, { input }, { auth, authRequest }) =>
    auth.resetPassword(input, authRequest.clientIp),
  changePassword: (_parent, { input }, { auth, authRequest }) => auth.changePassword(input, authRequest),
};
