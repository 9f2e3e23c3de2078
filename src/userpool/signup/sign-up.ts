import {
  InvalidLambdaResponseException,
  InvalidParameterException,
  NotAuthorizedException,
  UsernameExistsException,
} from '../../errors/cognito'
import {
  checkRequiredAttributes,
  validateAttributes,
  type AttributeInput,
} from '../attributes/attributes'
import { verifySecretHash, type ResolvedClient } from '../clients/client-auth'
import { issueCode } from '../delivery/codes'
import { findUser } from '../store/directory'
import { createUser, deleteUser } from '../store/users'
import { codeChannel, sendCode, type CodeDeliveryDetails } from '../delivery/messages'
import { checkUsernameFormat, newUserRecord, resolveNewUsername } from '../users/new-user'
import { checkPasswordPolicy } from '../pools/password-policy'
import { checkCompromisedNewPassword } from '../risk/compromised-credentials'
import type { UserPoolServices } from '../services'
import { passwordCredentials } from '../auth/srp-verifier'
import { postConfirmation } from '../triggers/post-confirmation'
import { preSignUp, type PreSignUpDecision } from '../triggers/pre-sign-up'
import type { TriggerCaller } from '../triggers/trigger-event'

export interface SignUpInput {
  Username: string
  Password?: string
  SecretHash?: string
  UserAttributes?: AttributeInput[]
  ValidationData?: AttributeInput[]
  ClientMetadata?: Record<string, string>
}

export interface SignUpResult {
  UserConfirmed: boolean
  UserSub: string
  CodeDeliveryDetails?: CodeDeliveryDetails
}

/**
 * SignUp: an UNCONFIRMED user, and a confirmation code to the first auto-verified channel the user
 * has. Used by the JSON API and, later, the hosted UI.
 */
export async function signUp(
  services: UserPoolServices,
  { pool, client }: ResolvedClient,
  input: SignUpInput,
  caller: TriggerCaller = { clientId: client.ClientId },
): Promise<SignUpResult> {
  await verifySecretHash(client, input.Username, input.SecretHash)
  if (pool.AdminCreateUserConfig.AllowAdminCreateUserOnly)
    throw new NotAuthorizedException('SignUp is not permitted for this user pool')
  if (input.Password === undefined)
    throw new InvalidParameterException('Missing required parameter Password')
  checkUsernameFormat(pool, input.Username)
  const given = validateAttributes(pool, input.UserAttributes ?? [], {
    writer: 'user',
    creating: true,
    client,
  })
  for (const flag of ['email_verified', 'phone_number_verified']) delete given[flag]
  const sub = crypto.randomUUID()
  const { username, attributes } = resolveNewUsername(pool, input.Username, given, sub)
  checkRequiredAttributes(pool, attributes)
  checkPasswordPolicy(input.Password, pool.Policies.PasswordPolicy)
  await checkCompromisedNewPassword(services, pool, client.ClientId, 'SIGN_UP', input.Password)
  if (
    (pool.UsernameAttributes ?? []).length > 0 &&
    (await findUser(services, pool, input.Username))
  ) {
    throw new UsernameExistsException('An account with the given email already exists.')
  }
  const decision = await preSignUp(
    services,
    pool,
    'PreSignUp_SignUp',
    { username, attributes },
    { ...caller, clientId: client.ClientId },
    {
      ...(input.ValidationData
        ? {
            validationData: Object.fromEntries(
              input.ValidationData.map((a) => [a.Name, a.Value ?? '']),
            ),
          }
        : {}),
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    },
  )
  const autoVerified = applyAutoVerification(attributes, decision)
  const record = newUserRecord({
    username,
    sub,
    attributes,
    status: decision.autoConfirmUser ? 'CONFIRMED' : 'UNCONFIRMED',
    ...(await passwordCredentials(services, pool, username, input.Password)),
    now: services.now(),
  })
  const channel = decision.autoConfirmUser ? undefined : codeChannel(pool, record, false)
  // An auto-verified alias moves to the new user, as the guide says of autoVerifyEmail/Phone.
  const aliasMode = { forceAliasCreation: autoVerified }
  if (!channel) {
    const created = await createUser(services, pool, record, aliasMode)
    if (decision.autoConfirmUser)
      await postConfirmation(
        services,
        pool,
        'PostConfirmation_ConfirmSignUp',
        created.user,
        { ...caller, clientId: client.ClientId },
        input.ClientMetadata,
      )
    return { UserConfirmed: decision.autoConfirmUser, UserSub: sub }
  }
  const { code, user } = await issueCode(record, 'SIGN_UP', services.now(), channel.AttributeName)
  const created = await createUser(services, pool, user, aliasMode)
  try {
    await sendCode(services, pool, user, channel, 'SIGN_UP', code, {
      caller: { ...caller, clientId: client.ClientId },
      ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
    })
  } catch (error) {
    // A user whose code never left is not left behind holding the username.
    await deleteUser(services, pool, created).catch(() => undefined)
    throw error
  }
  const { address: _address, ...details } = channel
  return { UserConfirmed: false, UserSub: sub, CodeDeliveryDetails: details }
}

/**
 * Marks what the pre sign-up function auto-verified. The guide: the attribute "must have a valid,
 * non-null value. Otherwise an error will occur and the user will not be able to complete
 * sign-up". Returns whether anything was verified.
 */
function applyAutoVerification(
  attributes: Record<string, string>,
  decision: PreSignUpDecision,
): boolean {
  const wanted = [
    ...(decision.autoVerifyEmail ? ['email'] : []),
    ...(decision.autoVerifyPhone ? ['phone_number'] : []),
  ]
  for (const attribute of wanted) {
    if (!attributes[attribute])
      throw new InvalidLambdaResponseException(
        `Invalid lambda response: ${attribute} cannot be auto verified as the user has no ${attribute}.`,
      )
    attributes[`${attribute}_verified`] = 'true'
  }
  return wanted.length > 0
}
