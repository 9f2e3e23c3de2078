/**
 * How identity pools name login providers. A user pool is named as AWS names it,
 * `cognito-idp.{region}.amazonaws.com/{userPoolId}`, or by its issuer without the scheme,
 * `{host}/{userPoolId}` (what Amplify sends when pointed at a custom endpoint: the token's `iss`
 * minus `https://`). Either spelling names the same pool, and a login is stored under the AWS one.
 */

const USER_POOL_PROVIDER = /^([^/\s]+)\/([\w-]+_[0-9a-zA-Z]+)$/
const AWS_HOST = /^cognito-idp\.([\w-]+)\.amazonaws\.com$/

/** The AWS spelling of a user pool's provider name: the key its logins are stored under. */
export const userPoolProviderKey = (userPoolId: string): string =>
  `cognito-idp.${userPoolId.split('_')[0]}.amazonaws.com/${userPoolId}`

/**
 * The user pool a provider name names, and whether it is the AWS spelling; null when the name is
 * not a user pool's. An AWS spelling must name the region the pool id does.
 */
export function userPoolOfProvider(
  name: string,
): { userPoolId: string; host: string; awsName: boolean } | null {
  const match = USER_POOL_PROVIDER.exec(name)
  if (!match) return null
  const [, host, userPoolId] = match as unknown as [string, string, string]
  const aws = AWS_HOST.exec(host)
  if (aws && aws[1] !== userPoolId.split('_')[0]) return null
  return { userPoolId, host, awsName: aws !== null }
}

const OIDC_PROVIDER_ARN = /^arn:aws:iam::\d{12}:oidc-provider\/([^\s]+)$/

/** The login key of an IAM OIDC provider ARN (its issuer without `https://`), or null. */
export function oidcProviderKey(arn: string): string | null {
  return OIDC_PROVIDER_ARN.exec(arn)?.[1] ?? null
}
