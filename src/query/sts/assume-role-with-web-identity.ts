import { ValidationError } from '../../errors/iam'
import { assumeRoleWithWebIdentity as assume } from '../../identitypool/classic/assume-role-with-web-identity'
import type { QueryAction } from '../action'
import * as shape from './shapes'

/**
 * AssumeRoleWithWebIdentity, unsigned as AWS has it (the token is the credential). The web
 * identity providers it knows are this Worker's identity pools (the basic flow); ProviderId is for
 * OAuth 2.0 access tokens of other providers and is read, checked and not needed.
 */
export const assumeRoleWithWebIdentity: QueryAction = {
  auth: 'public',
  async run(params, context) {
    const roleArn = params.string('RoleArn', shape.roleArn)
    const roleSessionName = params.string('RoleSessionName', shape.roleSessionName)
    const webIdentityToken = params.string('WebIdentityToken', shape.webIdentityToken)
    params.string('ProviderId', shape.providerId)
    const policy = params.string('Policy', shape.sessionPolicy)
    const durationSeconds = params.integer('DurationSeconds', shape.durationSeconds)
    // Managed session policies would widen nothing, but the session carries one inline policy only:
    // refused rather than dropped, so a caller never gets more than it asked for.
    if (params.structures('PolicyArns', 10, (member) => member('arn')))
      throw new ValidationError('PolicyArns are not supported; pass the session policy as Policy.')
    const session = await assume(context, {
      roleArn,
      roleSessionName,
      webIdentityToken,
      ...(policy !== undefined ? { policy } : {}),
      ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    })
    return {
      Credentials: {
        AccessKeyId: session.credentials.AccessKeyId,
        SecretAccessKey: session.credentials.SecretKey,
        SessionToken: session.credentials.SessionToken,
        Expiration: new Date(session.credentials.Expiration * 1000),
      },
      SubjectFromWebIdentityToken: session.subject,
      AssumedRoleUser: { AssumedRoleId: session.assumedRoleId, Arn: session.assumedRoleArn },
      PackedPolicySize: session.packedPolicySize,
      Provider: session.provider,
      Audience: session.audience,
    }
  },
}
