import {
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
} from '../../errors/cognito'
import { epochSeconds } from '../../userpool/services'
import { amrOf } from '../identities/amr'
import { resolveDeveloperIdentity } from '../identities/developer-identities'
import { resolveIdentity, type ResolvedIdentity } from '../identities/resolve-identity'
import type { LoginContext } from '../logins/verify-logins'
import { identityPoolOf } from '../store/identity-repository'
import { signIdentityToken } from './identity-token'
import { COGNITO_IDENTITY, identityIssuer } from './token-key'

/** GetOpenIdToken's tokens last ten minutes, as Cognito's do. */
const OPEN_ID_TOKEN_SECONDS = 600
/** GetOpenIdTokenForDeveloperIdentity's default TokenDuration: fifteen minutes, as the model says. */
const DEVELOPER_TOKEN_SECONDS = 900

/** What both operations answer. */
interface OpenIdToken {
  IdentityId: string
  Token: string
}

async function tokenFor(
  context: LoginContext,
  identity: ResolvedIdentity,
  seconds: number,
  principalTags?: Record<string, string>,
): Promise<OpenIdToken> {
  const iat = epochSeconds(context.services)
  const token = await signIdentityToken(context.services.sealer, {
    iss: identityIssuer(context.issuerOrigin),
    sub: identity.identityId,
    aud: identity.pool.IdentityPoolId,
    amr: amrOf(identity),
    iat,
    exp: iat + seconds,
    ...(principalTags ? { principalTags } : {}),
  })
  return { IdentityId: identity.identityId, Token: token }
}

/**
 * GetOpenIdToken: the identity resolved with its logins exactly as GetCredentialsForIdentity
 * resolves it (every login verified first; a guest only without logins and where the pool allows
 * guests; new logins linked, other identities merged, so the id answered may be another), and a
 * ten-minute OpenID token for it. The pool's own tokens are no login here.
 */
export async function getOpenIdToken(
  context: LoginContext,
  identityId: string,
  logins: Record<string, string>,
): Promise<OpenIdToken> {
  // A token may prove its identity for credentials, but never mint its own successor: a session
  // would then outlive the provider's (or the developer's) say-so indefinitely.
  if (Object.hasOwn(logins, COGNITO_IDENTITY))
    throw new NotAuthorizedException(
      'Invalid login token. A token of the identity pool cannot be exchanged for another.',
    )
  const identityPoolId = await identityPoolOf(context.services, identityId)
  if (!identityPoolId)
    throw new ResourceNotFoundException(`Identity '${identityId.slice(0, 64)}' not found.`)
  const identity = await resolveIdentity(context, identityPoolId, identityId, logins)
  return tokenFor(context, identity, OPEN_ID_TOKEN_SECONDS)
}

/**
 * GetOpenIdTokenForDeveloperIdentity: the developer user identifier's identity (made, or linked to
 * `identityId`, as `resolveDeveloperIdentity` rules) and a token for it lasting `tokenDuration`
 * seconds, carrying the principal tags the developer gave. The call names identities by
 * IdentityId, so a token of this pool is no login here.
 */
export async function getOpenIdTokenForDeveloperIdentity(
  context: LoginContext,
  input: {
    identityPoolId: string
    identityId?: string
    logins: Record<string, string>
    tokenDuration?: number
    principalTags?: Record<string, string>
  },
): Promise<OpenIdToken> {
  if (Object.hasOwn(input.logins, COGNITO_IDENTITY))
    throw new InvalidParameterException(
      `${COGNITO_IDENTITY} is not a login provider of GetOpenIdTokenForDeveloperIdentity; name the identity by IdentityId.`,
    )
  const identity = await resolveDeveloperIdentity(
    context,
    input.identityPoolId,
    input.identityId,
    input.logins,
  )
  return tokenFor(
    context,
    identity,
    input.tokenDuration ?? DEVELOPER_TOKEN_SECONDS,
    input.principalTags,
  )
}
