import { InvalidInput } from '../errors/iam'
import { randomString } from '../crypto/random'
import { ACCOUNT_ID } from './model'

export const roleArn = (path: string, roleName: string): string =>
  `arn:aws:iam::${ACCOUNT_ID}:role${path}${roleName}`

/** How Cognito names the role sessions of the enhanced flow, which carry no name of their own. */
export const ENHANCED_FLOW_SESSION_NAME = 'CognitoIdentityCredentials'

/** The ARN of a role session, as STS and denials name it. */
export const assumedRoleArn = (roleName: string, sessionName: string): string =>
  `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${roleName}/${sessionName}`

export const policyArn = (path: string, policyName: string): string =>
  `arn:aws:iam::${ACCOUNT_ID}:policy${path}${policyName}`

const ARN = /^arn:aws:iam::(\d{12}):(role|policy)(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]+)$/

/** The path and name an ARN of this account names, of the kind asked for; null for any other. */
export function parseArn(
  arn: string,
  kind: 'role' | 'policy',
): { path: string; name: string } | null {
  const match = ARN.exec(arn)
  if (!match || match[1] !== ACCOUNT_ID || match[2] !== kind) return null
  return { path: match[3]!, name: match[4]! }
}

/** A managed policy's ARN, or InvalidInput as IAM answers an ARN it cannot read. */
export function requirePolicyArn(arn: string): { path: string; name: string } {
  const parsed = parseArn(arn, 'policy')
  if (!parsed) throw new InvalidInput(`ARN ${arn.slice(0, 2048)} is not valid.`)
  return parsed
}

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** Unique ids as IAM spells them: a four-letter kind, then 17 characters (21 in all). */
export const newRoleId = (): string => `AROA${randomString(17, ID_ALPHABET)}`
export const newPolicyId = (): string => `ANPA${randomString(17, ID_ALPHABET)}`

const OIDC_PROVIDER_ARN = /^arn:aws:iam::(\d{12}):oidc-provider\/(\S+)$/

/** The ARN of an OpenID Connect provider whose issuer, less its scheme, is `resource`. */
export const oidcProviderArn = (resource: string): string =>
  `arn:aws:iam::${ACCOUNT_ID}:oidc-provider/${resource}`

/** The resource (issuer without scheme) an OIDC provider ARN of this account names, or null. */
export function parseOidcProviderArn(arn: string): string | null {
  const match = OIDC_PROVIDER_ARN.exec(arn)
  return match && match[1] === ACCOUNT_ID ? match[2]! : null
}
