import type { KeyLookup } from '../http/sigv4/verify'

/**
 * Who signed a request to an `aws_iam` route. Only the configured admin key pairs exist today
 * (full access); temporary credentials of an identity pool will add their own member (the role
 * and session the token names), which `authorize` then judges by the role's policy.
 */
export type AwsCaller = { kind: 'admin'; accessKeyId: string }

/** Condition values as IAM reads them: a key's value, or its values for multi-valued keys. */
export type ConditionContext = Record<string, string | string[]>

/** One question for the policy: may the caller do `action` on `resource` in this `context`? */
export interface AuthorizationRequest {
  /** `s3:GetObject`, … */
  action: string
  /** `arn:aws:s3:::bucket/key`, or `arn:aws:s3:::bucket` for bucket operations. */
  resource: string
  /** Condition keys: `aws:SourceIp`, `aws:SecureTransport`, `aws:CurrentTime`, `s3:prefix`, … */
  context: ConditionContext
}

export type AuthorizationDecision = { allowed: true } | { allowed: false; message: string }

/** The policy decision point the gateway asks, once per action and resource. */
export type Authorize = (
  caller: AwsCaller,
  request: AuthorizationRequest,
) => Promise<AuthorizationDecision>

/** What `aws_iam` routes need: the region signatures are scoped to, whose keys, and the policy. */
export interface AwsAuthorization {
  region: string
  lookup: KeyLookup<AwsCaller>
  authorize: Authorize
}

/**
 * The admin key pairs as AWS callers: a key's secret, and full access. A session token with a
 * long-term admin key is refused (such a key has none), as AWS refuses it.
 */
export function adminAuthorization(
  keys: ReadonlyMap<string, string>,
  region: string,
): AwsAuthorization {
  return {
    region,
    lookup: async (accessKeyId, sessionToken) => {
      const secret = keys.get(accessKeyId)
      if (secret === undefined || sessionToken !== undefined) return null
      return { secret, caller: { kind: 'admin', accessKeyId } }
    },
    authorize: async (caller) =>
      caller.kind === 'admin' ? { allowed: true } : { allowed: false, message: 'Access Denied' },
  }
}
