import { randomToken } from '../../crypto/random'
import { constantTimeEqual, utf8 } from '../../crypto/encoding'
import { NotAuthorizedException } from '../../errors/cognito'
import { AccessDenied, InvalidRequest } from '../../errors/oauth'
import { checkRequiredAttributes, validateAttributes } from '../attributes/attributes'
import { getFederatedUser } from '../store/directory'
import { createUser, updateUser } from '../store/users'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../model'
import { newUserRecord } from '../users/new-user'
import { redirectableError, type AuthorizationRequest } from '../oauth/authorization-request'
import { requirePool } from '../store/pool-repository'
import type { UserPoolServices } from '../services'
import { findIdentityProvider, type IdentityProvider } from './identity-providers'
import { findLinkedUser } from '../store/links'
import { authorizationUrl, newFlowSecrets } from '../../oidc/authorization-request'
import { responseIssuerProblem } from '../../oidc/response-issuer'
import { postAuthentication } from '../triggers/post-authentication'
import { preAuthentication } from '../triggers/pre-authentication'
import { redeemUpstreamCode, upstreamMetadata } from './upstream-oidc'
import type { PortcullisError } from '../../errors/base'
import {
  InvalidLambdaResponseException,
  UnexpectedLambdaException,
  UserLambdaValidationException,
} from '../../errors/cognito'
import { inboundFederation } from '../triggers/inbound-federation'
import { postConfirmation } from '../triggers/post-confirmation'
import { preSignUp } from '../triggers/pre-sign-up'
import type { TriggerCaller } from '../triggers/trigger-event'

/** What travels, sealed, in the upstream `state` between /oauth2/authorize and /oauth2/idpresponse. */
interface FederationState {
  poolId: string
  providerName: string
  authorization: AuthorizationRequest
  verifier: string
  nonce: string
  /** Also in a cookie of the browser that started: the answer must come back to that browser. */
  browserBinding: string
  expiresAt: number
}

const PURPOSE = 'federation-state'
/** How long the browser may spend at the upstream provider. */
const STATE_LIFETIME_MS = 10 * 60_000

/**
 * /oauth2/authorize with `identity_provider`: the provider must be one the app client supports.
 * The browser goes to the upstream's authorization endpoint with code + PKCE, a nonce, and the
 * client's whole request sealed in `state`. Returns where to send it.
 */
export async function startFederatedSignIn(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  authorization: AuthorizationRequest,
  providerName: string,
  context: { callbackUrl: string; issuer: string },
): Promise<{ location: string; browserBinding: string }> {
  const provider = (client.SupportedIdentityProviders ?? []).includes(providerName)
    ? await findIdentityProvider(services, pool, providerName)
    : null
  if (!provider)
    throw redirectableError(
      authorization,
      context.issuer,
      new InvalidRequest(
        `The identity provider ${providerName} is not enabled for this app client.`,
      ),
    )
  const metadata = await upstreamMetadata(provider, services.now())
  // The state is the sealed request itself, so only the nonce and the verifier are fresh secrets.
  const { nonce, verifier } = newFlowSecrets()
  const browserBinding = randomToken(16)
  const state: FederationState = {
    poolId: pool.Id,
    providerName,
    authorization,
    verifier,
    nonce,
    browserBinding,
    expiresAt: services.now() + STATE_LIFETIME_MS,
  }
  const location = await authorizationUrl(metadata, {
    clientId: provider.ProviderDetails.client_id!,
    redirectUri: context.callbackUrl,
    scope: provider.ProviderDetails.authorize_scopes!,
    state: await services.sealer.seal(PURPOSE, state),
    nonce,
    verifier,
  })
  return { location, browserBinding }
}

/** The sign-in the upstream answered: the pool, the client's request, and the federated user. */
export interface FederatedSignIn {
  pool: UserPoolConfig
  authorization: AuthorizationRequest
  user: UserRecord
}

/**
 * /oauth2/idpresponse: opens the sealed state (anything else is refused), checks that the answer
 * comes from the provider the state names (RFC 9207 `iss`), sends an upstream error back to the
 * client as `access_denied`, redeems the code, and signs in the federated user,
 * `${ProviderName}_${sub}`, created on first sign-in with the mapped attributes (updated at each
 * later one) and Cognito's `identities` attribute.
 *
 * Once the state is open and bound to this browser it is our own record of the client's request
 * (sealed, unexpired, redirect URI checked at /oauth2/authorize), whoever sent the answer; so a
 * refusal after that point goes back to that client as `access_denied`, with our words, not the
 * answer's. Before that point there is no client we can trust the answer to name: an error page.
 */
export async function completeFederatedSignIn(
  services: UserPoolServices,
  query: {
    state?: string
    code?: string
    error?: string
    error_description?: string
    iss?: string
  },
  context: {
    callbackUrl: string
    issuer: (poolId: string) => string
    browserBinding: string | undefined
  },
): Promise<FederatedSignIn> {
  const state = query.state
    ? await services.sealer.open<FederationState>(PURPOSE, query.state)
    : null
  if (!state || state.expiresAt < services.now())
    throw new InvalidRequest(
      'This sign-in is not known here or has expired; start again from the application.',
    )
  // Someone else's state and code, sent to this browser, must not sign it in as them (login CSRF).
  if (
    !context.browserBinding ||
    !constantTimeEqual(utf8(context.browserBinding), utf8(state.browserBinding))
  ) {
    throw new InvalidRequest(
      'This sign-in was started in another browser; start again from the application.',
    )
  }
  const pool = await requirePool(services, state.poolId)
  const issuer = context.issuer(pool.Id)
  const deny = (message: string) =>
    redirectableError(state.authorization, issuer, new AccessDenied(message))
  const provider = await findIdentityProvider(services, pool, state.providerName)
  if (!provider) throw deny(`The identity provider ${state.providerName} no longer exists.`)
  const metadata = await upstreamMetadata(provider, services.now())
  // Before anything else, and above all before the code and verifier go to a token endpoint.
  const mixUp = responseIssuerProblem(metadata, query.iss)
  if (mixUp)
    throw deny(
      `The answer cannot be from ${provider.ProviderName}: ${mixUp}. Nothing was redeemed.`,
    )
  if (query.error || !query.code) {
    throw deny(
      `${state.providerName} did not sign the user in: ${query.error ?? 'no code'}${query.error_description ? ` (${query.error_description})` : ''}`,
    )
  }
  const claims = await redeemUpstreamCode(provider, metadata, {
    code: query.code,
    redirectUri: context.callbackUrl,
    verifier: state.verifier,
    nonce: state.nonce,
    now: services.now(),
  }).catch((error: unknown) => {
    throw deny(
      `${provider.ProviderName}'s answer could not be verified: ${error instanceof Error ? error.message : 'error'}`,
    )
  })
  const caller = { clientId: state.authorization.clientId }
  const user = await signInFederatedUser(services, pool, provider, claims, caller).catch(
    (error: unknown) => {
      // A trigger's failure reaches the app as Cognito sends it: invalid_request with its message.
      if (isTriggerFailure(error))
        throw redirectableError(state.authorization, issuer, new InvalidRequest(error.message))
      throw deny(
        error instanceof Error ? error.message : 'The federated user could not be signed in.',
      )
    },
  )
  return { pool, authorization: state.authorization, user }
}

/**
 * The federated user, found or made (InboundFederation, PreSignUp_ExternalProvider and
 * PostConfirmation on the way), then signed in as Cognito signs in federated users: the pre and
 * post authentication triggers, before any session or code exists.
 */
async function signInFederatedUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  provider: IdentityProvider,
  claims: Record<string, unknown> & { sub: string },
  caller: TriggerCaller,
): Promise<UserRecord> {
  const user = await upsertFederatedUser(services, pool, provider, claims, caller)
  await preAuthentication(services, pool, { user }, caller, { hidesUserExistence: false })
  await postAuthentication(services, pool, user, caller)
  return user
}

/** The provider's claims as pool attributes, through the provider's AttributeMapping. */
function mappedAttributes(
  pool: UserPoolConfig,
  provider: IdentityProvider,
  claims: Record<string, unknown>,
): Record<string, string> {
  const inputs = Object.entries(provider.AttributeMapping)
    .filter(([attribute]) => attribute !== 'username')
    .flatMap(([attribute, claim]) => {
      const value = claims[claim]
      if (value === undefined || value === null) return []
      return [
        {
          Name: attribute,
          Value:
            typeof value === 'string'
              ? value
              : typeof value === 'object'
                ? JSON.stringify(value)
                : String(value),
        },
      ]
    })
  return validateAttributes(pool, inputs, { writer: 'admin', creating: true })
}

const isTriggerFailure = (error: unknown): error is PortcullisError =>
  error instanceof UserLambdaValidationException ||
  error instanceof UnexpectedLambdaException ||
  error instanceof InvalidLambdaResponseException

async function upsertFederatedUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  provider: IdentityProvider,
  upstreamClaims: Record<string, unknown> & { sub: string },
  caller: TriggerCaller,
): Promise<UserRecord> {
  // An identity an administrator linked to an existing user signs in as that user, whose own attributes stay as they are.
  const linked = await findLinkedUser(services, pool, provider.ProviderName, upstreamClaims.sub)
  if (linked) {
    if (!linked.user.enabled) throw new NotAuthorizedException('User is disabled.')
    return linked.user
  }
  // Upstream subjects are case-sensitive, so the name is exact even where local names fold.
  const username = `${provider.ProviderName}_${upstreamClaims.sub}`
  const claims = await inboundFederation(services, pool, provider, username, upstreamClaims, caller)
  const attributes = mappedAttributes(pool, provider, claims)
  const existing = await getFederatedUser(services, pool, username)
  if (existing) {
    if (!existing.user.enabled) throw new NotAuthorizedException('User is disabled.')
    return (
      await updateUser(services, pool, existing, (user) => ({
        ...user,
        attributes: { ...user.attributes, ...attributes },
      }))
    ).user
  }
  checkRequiredAttributes(pool, attributes)
  const identities = [
    {
      userId: claims.sub,
      providerName: provider.ProviderName,
      providerType: provider.ProviderType,
      issuer: null,
      primary: 'true',
      dateCreated: String(services.now()),
    },
  ]
  // The first sign-in creates the user: pre sign-up may refuse it or mark its email/phone verified.
  const decision = await preSignUp(
    services,
    pool,
    'PreSignUp_ExternalProvider',
    { username, attributes },
    caller,
    {},
  )
  if (decision.autoVerifyEmail && attributes.email) attributes.email_verified = 'true'
  if (decision.autoVerifyPhone && attributes.phone_number) attributes.phone_number_verified = 'true'
  const record = newUserRecord({
    username,
    sub: crypto.randomUUID(),
    attributes: { ...attributes, identities: JSON.stringify(identities) },
    status: 'EXTERNAL_PROVIDER',
    now: services.now(),
  })
  const created = (await createUser(services, pool, record)).user
  // A federated user needs no confirmation: the first sign-in is theirs.
  await postConfirmation(services, pool, 'PostConfirmation_ConfirmSignUp', created, caller)
  return created
}
