import {
  type CredentialCaller,
  type CredentialServices,
  credentialLookup,
} from '../http/sigv4/credential-lookup'
import {
  type KeyLookup,
  type PayloadRule,
  type SigV4Verified,
  verifySignature,
} from '../http/sigv4/verify'
import { authorizeSession } from '../iam/sessions/session-policy'

/**
 * Who signed a request to an `aws_iam` route: a configured admin key pair (full access), or the
 * temporary credentials of an identity pool's identity (the role and identity its session token
 * names), which `authorize` judges by the role's policies.
 */
export type AwsCaller = CredentialCaller

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

/**
 * The admin key pairs, and the session credentials GetCredentialsForIdentity vends: an `ASIA` key
 * is accepted only with its own session token (an expired one is the `expired-token` failure, any
 * other, or one its identity revoked, is no key), and its requests are judged by its role's
 * policies as they are now.
 */
export function credentialAuthorization(
  keys: ReadonlyMap<string, string>,
  region: string,
  services: CredentialServices,
): AwsAuthorization {
  const admin = adminAuthorization(keys, region)
  return {
    region,
    lookup: credentialLookup(keys, services, 'The provided token has expired.'),
    authorize: async (caller, request) =>
      caller.kind === 'session'
        ? authorizeSession(services, caller.session, request)
        : admin.authorize(caller, request),
  }
}

/**
 * Verifies the SigV4 signature of a request to an `aws_iam` route (header or presigned query,
 * session token, clock skew), scoped to `service` in the configured region, over the full path
 * as sent: the one check both the S3 front and execute-api routes make. Refusals are
 * SigV4Failures, which each surface words its own way.
 */
export function verifyAwsRequest(
  request: Request,
  url: URL,
  aws: AwsAuthorization,
  now: number,
  signing: { service: string; payload: PayloadRule },
): Promise<SigV4Verified<AwsCaller>> {
  return verifySignature(
    { method: request.method, url, headers: request.headers },
    {
      service: signing.service,
      region: aws.region,
      now,
      lookup: aws.lookup,
      payload: signing.payload,
      allowPresigned: true,
    },
  )
}
