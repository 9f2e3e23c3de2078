import type {
  PreTokenGenerationClientCredentialsV3TriggerEvent,
  PreTokenGenerationTriggerEvent,
  PreTokenGenerationV2TriggerEvent,
} from 'aws-lambda'
import type { GroupClaims } from '../groups/group-claims'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { type ConfiguredTrigger, configuredTrigger } from './lambda-config'
import { runTrigger } from './run-trigger'
import {
  clientMetadataMember,
  eventBase,
  type TriggerCaller,
  triggerUserAttributes,
} from './trigger-event'
import {
  claimsAt,
  groupsAt,
  NO_CUSTOMIZATION,
  objectAt,
  stringsAt,
  type TokenCustomization,
} from './token-overrides'

/** The triggerSource of a user's tokens: which way they were asked for. */
type UserTokenSource = Exclude<
  PreTokenGenerationTriggerEvent['triggerSource'],
  'TokenGeneration_AuthenticateDevice'
>

/** Why a user's tokens are being made, as the trigger is told. */
export interface TokenGenerationRequest {
  source: UserTokenSource
  caller?: TriggerCaller
  /** Only from RespondToAuthChallenge and GetTokensFromRefreshToken, as in Cognito. */
  clientMetadata?: Record<string, string>
}

/** groupConfiguration as Cognito sends it: the user's groups, their roles, the preferred role. */
function groupConfiguration(groups: GroupClaims) {
  return {
    groupsToOverride: groups['cognito:groups'] ?? [],
    iamRolesToOverride: groups['cognito:roles'] ?? [],
    preferredRole: groups['cognito:preferred_role'] ?? null,
  }
}

/**
 * The pre token generation trigger for a user's ID and access tokens, before they are signed (and,
 * where the caller can, before the refresh family is written). V1_0 customizes the ID token and
 * the groups of both; V2_0 and V3_0 both tokens and the access token's scopes. A failure refuses
 * the tokens with the function's message.
 */
export async function customizeUserTokens(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  user: UserRecord,
  groups: GroupClaims,
  scopes: string[],
  request: TokenGenerationRequest,
): Promise<TokenCustomization> {
  const trigger = configuredTrigger(pool, 'PreTokenGeneration')
  if (!trigger) return NO_CUSTOMIZATION
  const caller = { clientId: client.ClientId, ...request.caller }
  const base = eventBase(
    services,
    pool,
    request.source,
    user.username,
    caller,
    String(trigger.version),
  )
  const eventRequest = {
    userAttributes: triggerUserAttributes(pool, user),
    groupConfiguration: groupConfiguration(groups),
    ...clientMetadataMember(request.clientMetadata),
  }
  if (trigger.version === 1) {
    const event = {
      ...base,
      triggerSource: request.source,
      request: eventRequest,
      response: { claimsOverrideDetails: null },
    } as unknown as PreTokenGenerationTriggerEvent
    const { response } = await runTrigger(services, trigger, event)
    return readV1(response)
  }
  const event = {
    ...base,
    triggerSource: request.source,
    request: { ...eventRequest, scopes },
    response: { claimsAndScopeOverrideDetails: null },
  } as unknown as PreTokenGenerationV2TriggerEvent
  const { response } = await runTrigger(services, trigger, event)
  return readV2(response, true)
}

/** Cognito's userName on a client_credentials event, which is about no user. */
const CLIENT_CREDENTIALS_USER_NAME = 'ClientCredentials'

/**
 * V3_0 only: the trigger for a client_credentials access token (TokenGeneration_ClientCredentials).
 * Only the access token's claims and scopes apply; V1_0 and V2_0 functions are not called.
 */
export async function customizeClientCredentialsToken(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  scopes: string[],
): Promise<TokenCustomization> {
  const trigger: ConfiguredTrigger | undefined = configuredTrigger(pool, 'PreTokenGeneration')
  if (trigger?.version !== 3) return NO_CUSTOMIZATION
  const event = {
    ...eventBase(
      services,
      pool,
      'TokenGeneration_ClientCredentials',
      CLIENT_CREDENTIALS_USER_NAME,
      { clientId: client.ClientId },
      '3',
    ),
    triggerSource: 'TokenGeneration_ClientCredentials',
    request: { userAttributes: {}, groupConfiguration: null, scopes },
    response: { claimsAndScopeOverrideDetails: null },
  } as unknown as PreTokenGenerationClientCredentialsV3TriggerEvent
  const { response } = await runTrigger(services, trigger, event)
  const { access, scopesToAdd, scopesToSuppress } = readV2(response, false)
  return { ...NO_CUSTOMIZATION, access, scopesToAdd, scopesToSuppress }
}

function readV1(response: object): TokenCustomization {
  const path = 'response.claimsOverrideDetails'
  const details = objectAt(response as Record<string, unknown>, 'claimsOverrideDetails', 'response')
  if (!details) return NO_CUSTOMIZATION
  const groups = groupsAt(details, path)
  return {
    ...NO_CUSTOMIZATION,
    id: {
      add: claimsAt(details, path, false),
      suppress: stringsAt(details, 'claimsToSuppress', path),
    },
    ...(groups ? { groups } : {}),
  }
}

function readV2(response: object, withGroups: boolean): TokenCustomization {
  const path = 'response.claimsAndScopeOverrideDetails'
  const details = objectAt(
    response as Record<string, unknown>,
    'claimsAndScopeOverrideDetails',
    'response',
  )
  if (!details) return NO_CUSTOMIZATION
  const id = objectAt(details, 'idTokenGeneration', path) ?? {}
  const access = objectAt(details, 'accessTokenGeneration', path) ?? {}
  const idPath = `${path}.idTokenGeneration`
  const accessPath = `${path}.accessTokenGeneration`
  const groups = withGroups ? groupsAt(details, path) : undefined
  return {
    id: { add: claimsAt(id, idPath, true), suppress: stringsAt(id, 'claimsToSuppress', idPath) },
    access: {
      add: claimsAt(access, accessPath, true),
      suppress: stringsAt(access, 'claimsToSuppress', accessPath),
    },
    scopesToAdd: stringsAt(access, 'scopesToAdd', accessPath).filter(validScope),
    scopesToSuppress: stringsAt(access, 'scopesToSuppress', accessPath),
    ...(groups ? { groups } : {}),
  }
}

/** A scope is one token of printable ASCII without spaces or quotes (RFC 6749 §3.3). */
const validScope = (scope: string) => /^[\x21\x23-\x5B\x5D-\x7E]+$/.test(scope)
