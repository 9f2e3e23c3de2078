import { randomToken } from '../../crypto/random'
import { validClientPublic } from '../../crypto/srp'
import {
  InvalidParameterException,
  NotAuthorizedException,
  ResourceNotFoundException,
} from '../../errors/cognito'
import { deviceStandsInForMfa, isConfirmed } from '../devices/device-configuration'
import { recordDeviceSignIn } from '../devices/device-sign-in'
import { openDeviceVerifier } from '../devices/device-verifier'
import type { UserPoolClientConfig, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { readDevice } from '../store/devices'
import { claimSrpNonce } from '../store/sessions'
import type { AuthOutcome, AuthRequestContext, SessionChallenge } from './outcome'
import {
  messageContext,
  secondFactorChallenge,
  secondFactorOf,
  signedIn,
  stillSignable,
} from './second-factor'
import { openAuthSession, sealAuthSession } from './session'
import { reserveSignInAttempt } from './sign-in-guard'
import {
  claimProves,
  openSecretBlock,
  requireClaimMembers,
  requireClaimTimestamp,
  sealSecretBlock,
  secretBlockKeepUntil,
  startSrpExchange,
  type SrpServerHalf,
} from './user-srp'

/**
 * Device SRP: a known device proves it holds the secret whose verifier ConfirmDevice stored, in
 * the same exchange USER_SRP_AUTH runs (src/userpool/auth/user-srp.ts), with the device's group key
 * as the pool name and its key as the user id, as Cognito's clients compute it.
 */

/** Its own purpose: a user's PASSWORD_VERIFIER block never answers for a device, nor the reverse. */
const DEVICE_BLOCK_PURPOSE = 'device-srp-secret-block'
const INVALID_BLOCK = 'Invalid secret block or it has expired.'
const NO_DEVICE = 'Device does not exist.'

interface DeviceSecretBlock extends SrpServerHalf {
  username: string
  deviceKey: string
  secondFactorDone: boolean
  issuedAt: number
  nonce: string
}

/** RespondToAuthChallenge DEVICE_SRP_AUTH: the device's salt and the server's B (DEVICE_PASSWORD_VERIFIER). */
export async function respondDeviceSrpAuth(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  sealedSession: string | undefined,
): Promise<SessionChallenge<'DEVICE_PASSWORD_VERIFIER'>> {
  const session = await openAuthSession(services, client, sealedSession, 'DEVICE_SRP_AUTH')
  const device = session.device
  if (!device) throw new NotAuthorizedException('Invalid session for the user, session is expired.')
  if (!responses.DEVICE_KEY)
    throw new InvalidParameterException('Missing required parameter DEVICE_KEY')
  if (!responses.SRP_A) throw new InvalidParameterException('Missing required parameter SRP_A')
  if (!validClientPublic(responses.SRP_A))
    throw new InvalidParameterException('SRP_A is not a valid SRP public value.')
  if (responses.DEVICE_KEY !== device.key) throw new ResourceNotFoundException(NO_DEVICE)
  const { user } = await stillSignable(services, pool, session.username)
  const stored = await readDevice(services, pool, user, device.key)
  const verifier = stored && (await openDeviceVerifier(services, pool, user, stored))
  if (!verifier) throw new ResourceNotFoundException(NO_DEVICE)
  const { half, publicHex } = await startSrpExchange(verifier.verifierHex, responses.SRP_A)
  const block: DeviceSecretBlock = {
    ...half,
    username: user.username,
    deviceKey: device.key,
    secondFactorDone: device.secondFactorDone,
    issuedAt: services.now(),
    nonce: randomToken(16),
  }
  return {
    kind: 'challenge',
    challengeName: 'DEVICE_PASSWORD_VERIFIER',
    parameters: {
      SRP_B: publicHex,
      SALT: verifier.saltHex,
      SECRET_BLOCK: await sealSecretBlock(services, client, DEVICE_BLOCK_PURPOSE, block),
      USERNAME: user.username,
      DEVICE_KEY: device.key,
    },
    session: await sealAuthSession(services, client, 'DEVICE_PASSWORD_VERIFIER', user.username, {
      device,
    }),
  }
}

/**
 * RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER: checks the device's claim (each secret block
 * answers once; a wrong claim is a failed attempt at the account), then signs in, or asks for the
 * second factor the device does not stand in for.
 */
export async function respondDevicePasswordVerifier(
  services: UserPoolServices,
  pool: UserPoolConfig,
  client: UserPoolClientConfig,
  responses: Record<string, string>,
  sealedSession: string | undefined,
  context: AuthRequestContext,
): Promise<AuthOutcome> {
  requireClaimMembers(responses)
  const session = await openAuthSession(services, client, sealedSession, 'DEVICE_PASSWORD_VERIFIER')
  const block = await openSecretBlock<DeviceSecretBlock>(
    services,
    client,
    DEVICE_BLOCK_PURPOSE,
    responses.PASSWORD_CLAIM_SECRET_BLOCK!,
  )
  if (!block || block.username !== session.username || block.deviceKey !== session.device?.key)
    throw new NotAuthorizedException(INVALID_BLOCK)
  requireClaimTimestamp(responses.TIMESTAMP!)
  if (responses.DEVICE_KEY !== block.deviceKey) throw new ResourceNotFoundException(NO_DEVICE)
  const { user } = await stillSignable(services, pool, block.username)
  if (
    !(await claimSrpNonce(services, pool, user.username, block.nonce, secretBlockKeepUntil(block)))
  )
    throw new NotAuthorizedException(INVALID_BLOCK)
  const attempt = await reserveSignInAttempt(services, pool, user.username)
  const device = await readDevice(services, pool, user, block.deviceKey)
  const verifier =
    device && isConfirmed(device) && (await openDeviceVerifier(services, pool, user, device))
  if (!device || !verifier) throw new ResourceNotFoundException(NO_DEVICE)
  const proves = await claimProves(
    block,
    verifier.verifierHex,
    { poolName: device.deviceGroupKey, userId: device.deviceKey },
    responses,
  )
  if (!proves) throw new NotAuthorizedException('Incorrect username or password.')
  await attempt.succeeded()
  await recordDeviceSignIn(services, pool, user, device.deviceKey, context.sourceIp)
  const factor = secondFactorOf(pool, user)
  if (
    block.secondFactorDone ||
    factor === 'none' ||
    (factor !== 'setup' && deviceStandsInForMfa(pool, device))
  )
    return signedIn(services, pool, client, user, context, device.deviceKey)
  // The device no longer stands in for MFA (forgotten as not remembered meanwhile): the factor now.
  return secondFactorChallenge(services, pool, client, user, factor, messageContext(context), {
    key: device.deviceKey,
    proven: true,
    secondFactorDone: false,
  })
}
