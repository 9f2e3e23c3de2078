import { assumedRoleArn, ENHANCED_FLOW_SESSION_NAME } from '../../iam/arns'
import { ACCOUNT_ID } from '../../iam/model'
import type { AwsCaller } from '../aws-iam'

/** What the origin is told about the request besides who signed it. */
export interface InvocationContext {
  api: string
  stage: string
  method: string
  path: string
  requestId: string
  sourceIp: string | null
}

/** API Gateway's `requestContext.identity`, for the caller of an `aws_iam` route. */
interface CallerIdentity {
  cognitoIdentityId: string | null
  cognitoIdentityPoolId: string | null
  cognitoAuthenticationType: 'authenticated' | 'unauthenticated' | null
  cognitoAuthenticationProvider: string | null
  accessKey: string
  userArn: string
  accountId: string
  sourceIp: string | null
}

function identityOf(caller: AwsCaller, sourceIp: string | null): CallerIdentity {
  if (caller.kind === 'admin')
    // An admin key is the account's own full-access key: its principal is the account root.
    return {
      cognitoIdentityId: null,
      cognitoIdentityPoolId: null,
      cognitoAuthenticationType: null,
      cognitoAuthenticationProvider: null,
      accessKey: caller.accessKeyId,
      userArn: `arn:aws:iam::${ACCOUNT_ID}:root`,
      accountId: ACCOUNT_ID,
      sourceIp,
    }
  const { session } = caller
  const roleName = session.roleArn.slice(session.roleArn.lastIndexOf('/') + 1)
  const providers = session.amr.filter((v) => v !== 'authenticated' && v !== 'unauthenticated')
  return {
    cognitoIdentityId: session.identityId,
    cognitoIdentityPoolId: session.identityPoolId,
    cognitoAuthenticationType: session.amr.includes('authenticated')
      ? 'authenticated'
      : 'unauthenticated',
    cognitoAuthenticationProvider: providers.length > 0 ? providers.join(',') : null,
    accessKey: caller.accessKeyId,
    userArn: assumedRoleArn(roleName, session.sessionName ?? ENHANCED_FLOW_SESSION_NAME),
    accountId: ACCOUNT_ID,
    sourceIp,
  }
}

/**
 * The headers an `aws_iam` route's origin receives about its caller: one per field of API
 * Gateway's `requestContext.identity` (`x-portcullis-identity-id`, `-identity-pool-id`,
 * `-cognito-authentication-type`, `-cognito-authentication-provider`, `-access-key`,
 * `-user-arn`; absent fields left out), and the whole request context as JSON in
 * `x-amzn-request-context`, where Lambda Web Adapter puts it. Inbound copies are stripped.
 */
export function callerHeaders(
  caller: AwsCaller,
  invocation: InvocationContext,
): Record<string, string> {
  const identity = identityOf(caller, invocation.sourceIp)
  const headers: Record<string, string> = {}
  const put = (name: string, value: string | null) => {
    if (value !== null) headers[name] = value
  }
  put('x-portcullis-identity-id', identity.cognitoIdentityId)
  put('x-portcullis-identity-pool-id', identity.cognitoIdentityPoolId)
  put('x-portcullis-cognito-authentication-type', identity.cognitoAuthenticationType)
  put('x-portcullis-cognito-authentication-provider', identity.cognitoAuthenticationProvider)
  put('x-portcullis-access-key', identity.accessKey)
  put('x-portcullis-user-arn', identity.userArn)
  headers['x-amzn-request-context'] = JSON.stringify({
    accountId: ACCOUNT_ID,
    apiId: invocation.api,
    stage: invocation.stage,
    httpMethod: invocation.method,
    path: invocation.path,
    requestId: invocation.requestId,
    identity,
  })
  return headers
}
