import { acceptedTotpStep, newTotpSecret } from '../../crypto/totp'
import {
  CodeMismatchException,
  EnableSoftwareTokenMFAException,
  InvalidParameterException,
  SoftwareTokenMFANotFoundException,
} from '../../errors/cognito'
import { saveUser, withFreshUser } from '../store/users'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'

const PURPOSE = 'totp-secret'
const context = (pool: UserPoolConfig, user: UserRecord) => `${pool.Id}|${user.sub}`

function requireSoftwareTokenMfa(pool: UserPoolConfig): void {
  if (!pool.softwareTokenMfa)
    throw new InvalidParameterException(
      'Software token MFA is not enabled for this user pool: SetUserPoolMfaConfig turns it on.',
    )
}

/**
 * AssociateSoftwareToken: a fresh TOTP secret for the user's authenticator app, kept sealed and
 * pending until VerifySoftwareToken sees a code from it (an authenticator already in use keeps
 * working meanwhile).
 */
export async function associateSoftwareToken(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
): Promise<string> {
  requireSoftwareTokenMfa(pool)
  const secret = newTotpSecret()
  await withFreshUser(services, pool, username, async (found) =>
    saveUser(services, pool, found, {
      ...found.user,
      pendingSoftwareToken: await services.sealer.seal(PURPOSE, secret, context(pool, found.user)),
      updatedAt: services.now(),
    }),
  )
  return secret
}

/** The secret AssociateSoftwareToken handed out and VerifySoftwareToken has not yet seen a code from (to show it again). */
export async function pendingSoftwareTokenSecret(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
): Promise<string | null> {
  return user.pendingSoftwareToken
    ? services.sealer.open<string>(PURPOSE, user.pendingSoftwareToken, context(pool, user))
    : null
}

/**
 * VerifySoftwareToken: a right code from the pending secret makes it the user's authenticator
 * (`enable` also turns TOTP MFA on and preferred, in the same write). A wrong one is
 * EnableSoftwareTokenMFAException, as Cognito answers, and the secret stays pending.
 */
export async function verifySoftwareToken(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  code: string,
  friendlyName: string | undefined,
  enable = false,
): Promise<UserRecord> {
  requireSoftwareTokenMfa(pool)
  return withFreshUser(services, pool, username, async (found) => {
    const sealed = found.user.pendingSoftwareToken
    const secret = sealed
      ? await services.sealer.open<string>(PURPOSE, sealed, context(pool, found.user))
      : null
    if (!secret)
      throw new SoftwareTokenMFANotFoundException(
        'Software Token MFA has not been associated with this user: call AssociateSoftwareToken first.',
      )
    const step = await acceptedTotpStep(secret, code, services.now())
    if (step === null)
      throw new EnableSoftwareTokenMFAException('Code mismatch and fail enable Software Token MFA')
    const { pendingSoftwareToken: _verified, ...rest } = found.user
    const softwareToken = {
      secret: sealed!,
      lastStep: step,
      ...(friendlyName ? { friendlyName } : {}),
    }
    const saved = await saveUser(services, pool, found, {
      ...rest,
      softwareToken,
      ...(enable ? { softwareTokenMfa: { enabled: true, preferred: true } } : {}),
      updatedAt: services.now(),
    })
    return saved.user
  })
}

/**
 * Checks a sign-in code from the user's authenticator and uses it up: the accepted step is stored
 * by compare-and-set, so the same code (or an older one) never signs in twice, even concurrently.
 */
export async function useSoftwareTokenCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  code: string,
): Promise<UserRecord> {
  return withFreshUser(services, pool, username, async (found) => {
    const token = found.user.softwareToken
    const secret = token
      ? await services.sealer.open<string>(PURPOSE, token.secret, context(pool, found.user))
      : null
    if (!token || !secret)
      throw new SoftwareTokenMFANotFoundException(
        'Software Token MFA has not been set up for this user.',
      )
    const step = await acceptedTotpStep(secret, code, services.now(), token.lastStep)
    if (step === null) throw new CodeMismatchException('Invalid code received for user')
    const saved = await saveUser(services, pool, found, {
      ...found.user,
      softwareToken: { ...token, lastStep: step },
      updatedAt: services.now(),
    })
    return saved.user
  })
}
