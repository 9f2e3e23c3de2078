import type { TargetTable } from '../../target'
import { adminInitiateAuth } from './admin-initiate-auth'
import { adminRespondToAuthChallenge } from './admin-respond-to-auth-challenge'
import { adminUserGlobalSignOut } from './admin-user-global-sign-out'
import { getTokensFromRefreshToken } from './get-tokens-from-refresh-token'
import { getUser } from './get-user'
import { globalSignOut } from './global-sign-out'
import { initiateAuth } from './initiate-auth'
import { respondToAuthChallenge } from './respond-to-auth-challenge'
import { revokeToken } from './revoke-token'

export const authTargets: TargetTable = {
  InitiateAuth: initiateAuth,
  AdminInitiateAuth: adminInitiateAuth,
  RespondToAuthChallenge: respondToAuthChallenge,
  AdminRespondToAuthChallenge: adminRespondToAuthChallenge,
  GetUser: getUser,
  GlobalSignOut: globalSignOut,
  AdminUserGlobalSignOut: adminUserGlobalSignOut,
  RevokeToken: revokeToken,
  GetTokensFromRefreshToken: getTokensFromRefreshToken,
}
