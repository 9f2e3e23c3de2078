import { createHmac } from 'node:crypto'
// The library's own client-side SRP, which Amplify and amazon-cognito-identity-js sign in with.
import * as cognitoIdentityJs from 'amazon-cognito-identity-js'

/** The library's own big-number type; its constructor is reached through a value it returns. */
interface BigNumber {
  toString(radix: number): string
  constructor: new (value: string, radix: number) => BigNumber
}

interface ClientHelper {
  getLargeAValue(callback: (error: unknown, value: BigNumber) => void): void
  getPasswordAuthenticationKey(
    userId: string,
    password: string,
    serverB: unknown,
    salt: unknown,
    callback: (error: unknown, key: Buffer) => void,
  ): void
  generateHashDevice(groupKey: string, deviceKey: string, callback: (error: unknown) => void): void
  getSaltDevices(): string
  getVerifierDevices(): string
  getRandomPassword(): string
}

// Exported by the package but missing from its type declarations.
const { AuthenticationHelper } = cognitoIdentityJs as unknown as {
  AuthenticationHelper: new (poolName: string) => ClientHelper
}

const TIMESTAMP = 'Thu Jan 1 12:00:00 UTC 2026'

/**
 * One SRP exchange from the client's side, as amazon-cognito-identity-js runs it: `A` for the
 * first call, then the claim for the server's challenge. `poolName`/`userId` are the pool and user
 * (USER_SRP_AUTH) or a device's group key and key (DEVICE_SRP_AUTH).
 */
export async function srpExchange(poolName: string) {
  const helper = new AuthenticationHelper(poolName)
  const largeA = await new Promise<BigNumber>((resolve, reject) =>
    helper.getLargeAValue((error, value) => (error ? reject(error) : resolve(value))),
  )
  const Big = largeA.constructor
  return {
    A: largeA.toString(16),
    /** The claim's ChallengeResponses for a challenge's SRP_B, SALT and SECRET_BLOCK. */
    async claim(
      parameters: Record<string, string>,
      userId: string,
      password: string,
    ): Promise<Record<string, string>> {
      const key = await new Promise<Buffer>((resolve, reject) =>
        helper.getPasswordAuthenticationKey(
          userId,
          password,
          new Big(parameters.SRP_B!, 16),
          new Big(parameters.SALT!, 16),
          (error, hkdf) => (error ? reject(error) : resolve(hkdf)),
        ),
      )
      const signature = createHmac('sha256', key)
        .update(
          Buffer.concat([
            Buffer.from(poolName),
            Buffer.from(userId),
            Buffer.from(parameters.SECRET_BLOCK!, 'base64'),
            Buffer.from(TIMESTAMP),
          ]),
        )
        .digest('base64')
      return {
        USERNAME: parameters.USERNAME ?? userId,
        PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK!,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP,
      }
    },
  }
}

/** A device's secret as the library makes it for ConfirmDevice: the random password and its verifier. */
export interface DeviceSecret {
  deviceKey: string
  groupKey: string
  password: string
  config: { Salt: string; PasswordVerifier: string }
}

export async function newDeviceSecret(groupKey: string, deviceKey: string): Promise<DeviceSecret> {
  const helper = new AuthenticationHelper(groupKey)
  await new Promise<void>((resolve, reject) =>
    helper.generateHashDevice(groupKey, deviceKey, (error) => (error ? reject(error) : resolve())),
  )
  return {
    deviceKey,
    groupKey,
    password: helper.getRandomPassword(),
    config: {
      Salt: Buffer.from(helper.getSaltDevices(), 'hex').toString('base64'),
      PasswordVerifier: Buffer.from(helper.getVerifierDevices(), 'hex').toString('base64'),
    },
  }
}
