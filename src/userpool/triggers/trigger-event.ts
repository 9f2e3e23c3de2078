import { InvalidLambdaResponseException } from '../../errors/cognito'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import type { TriggerEventBase } from './run-trigger'

/** Who asked: the app client (Cognito's placeholder on admin paths) and the SDK that sent the request. */
export interface TriggerCaller {
  clientId?: string
  /** From the request's user agent, e.g. `aws-sdk-js-3.1169.0`; Cognito sends `aws-sdk-unknown-unknown` when it cannot tell. */
  awsSdkVersion?: string
}

/** Cognito's clientId on events of admin operations, which no app client made. */
export const CLIENT_ID_NOT_APPLICABLE = 'CLIENT_ID_NOT_APPLICABLE'

/**
 * The common members of every trigger event. `userName` is the stored username: the sub in pools
 * whose users sign in with an email or phone number.
 */
export function eventBase(
  services: UserPoolServices,
  pool: UserPoolConfig,
  triggerSource: string,
  userName: string,
  caller: TriggerCaller,
  version = '1',
): Omit<TriggerEventBase, 'request' | 'response'> {
  return {
    version,
    triggerSource,
    region: services.region,
    userPoolId: pool.Id,
    userName,
    callerContext: {
      awsSdkVersion: caller.awsSdkVersion ?? 'aws-sdk-unknown-unknown',
      clientId: caller.clientId ?? CLIENT_ID_NOT_APPLICABLE,
    },
  }
}

/**
 * A user's attributes as triggers see them: every attribute as a string, `sub`, and Cognito's
 * `cognito:user_status`; `email_verified` / `phone_number_verified` for an address the user has;
 * verified aliases as `cognito:email_alias` / `cognito:phone_number_alias`.
 */
export function triggerUserAttributes(
  pool: UserPoolConfig,
  user: Pick<UserRecord, 'sub' | 'status' | 'attributes'>,
): Record<string, string> {
  const attributes: Record<string, string> = {
    sub: user.sub,
    ...user.attributes,
    'cognito:user_status': user.status,
  }
  for (const alias of ['email', 'phone_number'] as const) {
    // Cognito's events say `email_verified: "false"` of an address not yet verified.
    if (user.attributes[alias] !== undefined && user.attributes[`${alias}_verified`] === undefined)
      attributes[`${alias}_verified`] = 'false'
    if (
      pool.AliasAttributes?.includes(alias) &&
      user.attributes[alias] !== undefined &&
      user.attributes[`${alias}_verified`] === 'true'
    )
      attributes[`cognito:${alias}_alias`] = user.attributes[alias]
  }
  return attributes
}

/** Client metadata as events carry it: only when the request had some. */
export function clientMetadataMember(clientMetadata: Record<string, string> | undefined): {
  clientMetadata?: Record<string, string>
} {
  return clientMetadata && Object.keys(clientMetadata).length > 0 ? { clientMetadata } : {}
}

/**
 * A response member a function returned: absent or null is `fallback`; any other type than the
 * expected one is an answer Cognito would not recognise.
 */
export function responseMember<T extends 'boolean' | 'string' | 'object'>(
  response: object,
  name: string,
  type: T,
):
  | (T extends 'boolean' ? boolean : T extends 'string' ? string : Record<string, unknown>)
  | undefined {
  const value = (response as Record<string, unknown>)[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== type || (type === 'object' && Array.isArray(value)))
    throw new InvalidLambdaResponseException('Unrecognizable lambda output', {
      detail: `response.${name} has the wrong type`,
    })
  return value as never
}
