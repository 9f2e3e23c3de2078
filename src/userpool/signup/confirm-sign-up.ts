import { NotAuthorizedException, UserNotFoundException } from '../../errors/cognito'
import { verifySecretHash, type ResolvedClient } from '../clients/client-auth'
import { checkCode, guessWithoutCode } from '../delivery/codes'
import { findUser } from '../store/directory'
import { saveUser } from '../store/users'
import { phantomUsername } from '../users/phantom-user'
import type { UserPoolServices } from '../services'
import { postConfirmation } from '../triggers/post-confirmation'
import type { TriggerCaller } from '../triggers/trigger-event'

/**
 * ConfirmSignUp: a right code confirms the user and marks the channel it went to as verified
 * (which may make it a sign-in alias). Every guess is counted before it is compared, and a code's
 * guesses run out. With PreventUserExistenceErrors an unknown name, and a user who is not waiting
 * for confirmation, get a wrong code's answer, after the same limiter call and hashing.
 */
export async function confirmSignUp(
  services: UserPoolServices,
  { pool, client }: ResolvedClient,
  input: {
    Username: string
    ConfirmationCode: string
    SecretHash?: string
    ForceAliasCreation?: boolean
    ClientMetadata?: Record<string, string>
  },
  caller: TriggerCaller = {},
): Promise<void> {
  await verifySecretHash(client, input.Username, input.SecretHash)
  const loaded = await findUser(services, pool, input.Username)
  const hidden = client.PreventUserExistenceErrors === 'ENABLED'
  if (!hidden) {
    if (!loaded) throw new UserNotFoundException('Username/client id combination not found.')
    if (loaded.user.status !== 'UNCONFIRMED')
      throw new NotAuthorizedException(
        `User cannot be confirmed. Current status is ${loaded.user.status}`,
      )
  }
  if (loaded?.user.status !== 'UNCONFIRMED')
    throw await guessWithoutCode(
      services,
      pool,
      loaded?.user.username ?? (await phantomUsername(services, pool, input.Username)),
      'SIGN_UP',
      input.ConfirmationCode,
    )
  const check = await checkCode(services, pool, loaded.user, 'SIGN_UP', input.ConfirmationCode, {
    hideExpiry: hidden,
  })
  if (!check.ok) throw check.error
  const verified = check.pending.attribute
    ? { [`${check.pending.attribute}_verified`]: 'true' }
    : {}
  const saved = await saveUser(
    services,
    pool,
    loaded,
    {
      ...check.user,
      status: 'CONFIRMED',
      attributes: { ...check.user.attributes, ...verified },
      updatedAt: services.now(),
    },
    { forceAliasCreation: input.ForceAliasCreation ?? false },
  )
  // After the write, as Cognito calls it: a failing function is reported, the user stays confirmed.
  await postConfirmation(
    services,
    pool,
    'PostConfirmation_ConfirmSignUp',
    saved.user,
    { ...caller, clientId: client.ClientId },
    input.ClientMetadata,
  )
}
