import {
  AccessDenied,
  ExpiredTokenException,
  IDPRejectedClaim,
  InvalidIdentityToken,
  PackedPolicyTooLarge,
  ValidationError,
} from '../../errors/iam'
import { assumedRoleArn } from '../../iam/arns'
import { parsePolicyDocument } from '../../iam/policy'
import {
  type SessionCredentials,
  vendSessionCredentials,
} from '../../iam/sessions/session-credentials'
import { epochSeconds } from '../../userpool/services'
import { roleTrustingIdentity } from '../credentials/role-trust'
import type { LoginContext } from '../logins/verify-logins'
import { type IdentityTokenClaims, verifyIdentityToken } from '../openid/identity-token'
import { identityIssuer } from '../openid/token-key'
import { loadIdentity } from '../store/identity-repository'
import { findIdentityPool } from '../store/pool-repository'

/** What AssumeRoleWithWebIdentity is asked, its members checked against the model already. */
export interface WebIdentityRequest {
  roleArn: string
  roleSessionName: string
  webIdentityToken: string
  durationSeconds?: number
  /** An inline session policy, as JSON text. */
  policy?: string
}

/** What AssumeRoleWithWebIdentity answers. */
export interface WebIdentitySession {
  credentials: SessionCredentials
  /** The token's `sub`: the identity id. */
  subject: string
  /** The token's `aud`: the identity pool id. */
  audience: string
  /** The token's issuer. */
  provider: string
  assumedRoleArn: string
  assumedRoleId: string
  /** How full the packed session policy and tags are, in percent; only when there are any. */
  packedPolicySize?: number
}

/** STS's default session length, and the roles' default MaxSessionDuration. */
const DEFAULT_SESSION_SECONDS = 3600
/** What the session policy and the session tags may take up, packed. */
const PACKED_LIMIT = 2048
const NOT_AUTHORIZED = 'Not authorized to perform sts:AssumeRoleWithWebIdentity'

/** The token, verified as one of this Worker's identity pools' tokens, in STS's terms. */
async function verifiedClaims(context: LoginContext, token: string): Promise<IdentityTokenClaims> {
  const check = await verifyIdentityToken(context.services.sealer, token, {
    issuer: identityIssuer(context.issuerOrigin),
    now: context.services.now(),
  })
  if (check.ok) return check.claims
  switch (check.problem) {
    case 'expired':
      throw new ExpiredTokenException('Token expired: the web identity token is past its exp.')
    case 'issuer':
      throw new InvalidIdentityToken(
        `The web identity token was not issued by ${identityIssuer(context.issuerOrigin)}.`,
      )
    default:
      throw new InvalidIdentityToken('The web identity token could not be verified.')
  }
}

/**
 * The session policy as the session will carry it (its JSON without whitespace), checked by the
 * evaluator's own parser, so a session never holds a policy the evaluator would read otherwise.
 */
function sessionPolicyOf(text: string): string {
  parsePolicyDocument(text, 'identity')
  return JSON.stringify(JSON.parse(text))
}

/**
 * How full the packed session policy and tags are, in percent (AWS compresses them into a format
 * of its own; Portcullis counts the policy's JSON without whitespace and each tag's key and value).
 */
function packedSize(policy: string | undefined, tags: Record<string, string> | undefined): number {
  const tagChars = Object.entries(tags ?? {}).reduce((n, [k, v]) => n + k.length + v.length, 0)
  return Math.ceil((((policy ?? '').length + tagChars) * 100) / PACKED_LIMIT)
}

/**
 * STS's AssumeRoleWithWebIdentity for the identity pools' own OpenID tokens (the basic, or
 * classic, flow): the token must verify as this Worker's (signature, issuer, expiry), name an
 * existing pool (`aud`) that allows the classic flow and an identity of it that still exists and
 * is not merged away; the role must exist and trust that identity (`Federated`
 * `cognito-identity.amazonaws.com` with its `aud`, `amr` and `sub`); the session lasts
 * DurationSeconds (an hour by default, at most the role's MaxSessionDuration), within the session
 * policy if one is given, and carries the token's principal tags.
 */
export async function assumeRoleWithWebIdentity(
  context: LoginContext,
  request: WebIdentityRequest,
): Promise<WebIdentitySession> {
  const { services } = context
  const claims = await verifiedClaims(context, request.webIdentityToken)
  const pool = await findIdentityPool(services, claims.aud)
  if (!pool) throw new InvalidIdentityToken('Incorrect token audience.')
  if (!pool.AllowClassicFlow)
    throw new IDPRejectedClaim(
      `Basic (classic) flow is not enabled for identity pool ${pool.IdentityPoolId}; use GetCredentialsForIdentity.`,
    )
  const identity = await loadIdentity(services, pool, claims.sub)
  if (!identity || identity.record.mergedInto !== undefined)
    throw new IDPRejectedClaim('The identity the web identity token names is no longer valid.')
  const role = await roleTrustingIdentity(services, request.roleArn, {
    identityPoolId: pool.IdentityPoolId,
    identityId: claims.sub,
    amr: claims.amr,
    ...(claims.principalTags ? { tags: claims.principalTags } : {}),
  })
  if (!role) throw new AccessDenied(NOT_AUTHORIZED)
  const duration = request.durationSeconds ?? DEFAULT_SESSION_SECONDS
  if (duration > role.role.MaxSessionDuration)
    throw new ValidationError(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    )
  const sessionPolicy = request.policy === undefined ? undefined : sessionPolicyOf(request.policy)
  const packed =
    sessionPolicy !== undefined || claims.principalTags
      ? packedSize(sessionPolicy, claims.principalTags)
      : undefined
  if (packed !== undefined && packed > 100)
    throw new PackedPolicyTooLarge(
      `Packed size of the session policy and session tags is ${packed}% of the limit.`,
    )
  // As in the enhanced flow: a session vended in the second of a revocation is dated after it.
  const iat = Math.max(epochSeconds(services), (identity.record.revokedBefore ?? 0) + 1)
  const credentials = await vendSessionCredentials(services.sealer, {
    roleArn: role.role.Arn,
    identityId: claims.sub,
    identityPoolId: pool.IdentityPoolId,
    amr: claims.amr,
    aud: pool.IdentityPoolId,
    iat,
    exp: iat + duration,
    ...(claims.principalTags ? { tags: claims.principalTags } : {}),
    ...(sessionPolicy !== undefined ? { sessionPolicy } : {}),
    sessionName: request.roleSessionName,
  })
  return {
    credentials,
    subject: claims.sub,
    audience: claims.aud,
    provider: claims.iss,
    assumedRoleArn: assumedRoleArn(role.role.RoleName, request.roleSessionName),
    assumedRoleId: `${role.role.RoleId}:${request.roleSessionName}`,
    ...(packed !== undefined ? { packedPolicySize: packed } : {}),
  }
}
