import { BoundedCache } from '../../storage/bounded-cache'
import type { Stores } from '../../storage/record-store'
import { assumedRoleArn, ENHANCED_FLOW_SESSION_NAME } from '../arns'
import {
  denialMessage,
  evaluatePolicies,
  type PolicyDocument,
  parsePolicyDocument,
  type RequestContext,
} from '../policy'
import { type RolePolicies, rolePolicies } from '../roles/role-policies'
import type { IamServices } from '../services'
import type { SessionClaims } from './session-credentials'

/** One request of a role session: an action on a resource, with the surface's condition keys. */
export interface SessionRequest {
  action: string
  resource: string
  context: RequestContext
}

export type SessionDecision = { allowed: true } | { allowed: false; message: string }

const MAX_ROLES = 1_000

/**
 * Parsed permission policies per role ARN. An entry holds the role read it was parsed from: the
 * IAM cache hands out one object per read, so a fresh read (after an edit, or its TTL) is parsed
 * again and an entry never outlives the policies it came from. One cache per set of stores, like
 * the IAM cache.
 */
type Parsed = BoundedCache<string, { source: RolePolicies; documents: PolicyDocument[] | null }>
const parsedCaches = new WeakMap<Stores, Parsed>()

/** The role's documents for the evaluator, or null when one does not parse (then nothing is allowed). */
function parsedPolicies(services: IamServices, role: RolePolicies): PolicyDocument[] | null {
  let cache = parsedCaches.get(services.stores)
  if (!cache) {
    cache = new BoundedCache(MAX_ROLES)
    parsedCaches.set(services.stores, cache)
  }
  const hit = cache.get(role.role.Arn)
  if (hit?.source === role) return hit.documents
  let documents: PolicyDocument[] | null
  try {
    documents = role.policies.map((document) => parsePolicyDocument(document, 'identity'))
  } catch {
    // A document IAM kept but the evaluator cannot read could hold a Deny: refuse rather than skip.
    documents = null
  }
  cache.set(role.role.Arn, { source: role, documents })
  return documents
}

const MAX_SESSION_POLICIES = 1_000
const sessionPolicyCache = new BoundedCache<string, PolicyDocument | null>(MAX_SESSION_POLICIES)

/** A session policy's document, or null when it does not parse (then the session may do nothing). */
function parsedSessionPolicy(text: string): PolicyDocument | null {
  const hit = sessionPolicyCache.get(text)
  if (hit !== undefined) return hit
  let document: PolicyDocument | null
  try {
    document = parsePolicyDocument(JSON.parse(text), 'identity')
  } catch {
    document = null
  }
  sessionPolicyCache.set(text, document)
  return document
}

/** The session's own condition keys: who it is, its tags, and when it began. */
function sessionContext(claims: SessionClaims): RequestContext {
  const context: Record<string, string | string[]> = {
    'cognito-identity.amazonaws.com:sub': claims.identityId,
    'cognito-identity.amazonaws.com:aud': claims.aud,
    'cognito-identity.amazonaws.com:amr': claims.amr,
    'aws:TokenIssueTime': new Date(claims.iat * 1000).toISOString(),
  }
  for (const [key, value] of Object.entries(claims.tags ?? {}))
    context[`aws:PrincipalTag/${key}`] = value
  return context
}

/**
 * Whether a role session may do a request: the role's permission policies, as they are now,
 * evaluated with the surface's condition keys and the session's own
 * (`cognito-identity.amazonaws.com:sub`, `:aud`, `:amr`, `aws:PrincipalTag/*`,
 * `aws:TokenIssueTime`, which policy variables may name), within its session policy if it has one.
 * A role deleted since the session began allows nothing.
 */
export async function authorizeSession(
  services: IamServices,
  claims: SessionClaims,
  request: SessionRequest,
): Promise<SessionDecision> {
  const role = await rolePolicies(services, claims.roleArn)
  const documents = role ? parsedPolicies(services, role) : null
  if (!role || !documents) return { allowed: false, message: 'Access Denied' }
  const sessionPolicy =
    claims.sessionPolicy === undefined ? undefined : parsedSessionPolicy(claims.sessionPolicy)
  if (sessionPolicy === null) return { allowed: false, message: 'Access Denied' }
  const evaluation = evaluatePolicies(
    { identityPolicies: documents, sessionPolicies: sessionPolicy ? [sessionPolicy] : [] },
    {
      action: request.action,
      resource: request.resource,
      // The session's own keys win: a surface cannot pass a caller's tag or identity id.
      context: { ...request.context, ...sessionContext(claims) },
    },
  )
  if (evaluation.decision === 'Allow') return { allowed: true }
  return {
    allowed: false,
    message:
      denialMessage(evaluation, {
        principalArn: assumedRoleArn(
          role.role.RoleName,
          claims.sessionName ?? ENHANCED_FLOW_SESSION_NAME,
        ),
        action: request.action,
        resource: request.resource,
      }) ?? 'Access Denied',
  }
}
