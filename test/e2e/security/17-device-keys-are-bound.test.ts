import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmDeviceCommand,
  ForgetDeviceCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { beforeAll, describe, expect, it } from 'vitest'
import { newDeviceSecret, srpExchange, type DeviceSecret } from '../../unit/support/srp-client'
import { adminClient, createAppClient, createPool, publicClient } from '../support/clients'

const PASSWORD = 'Bound-Device-Pass-3'
const sdk = publicClient()

/**
 * A remembered device is its user's and answers once per exchange: over the wire, with the
 * unmodified SDK and the SRP helper of amazon-cognito-identity-js, a device key does not sign in
 * another user, a DEVICE_PASSWORD_VERIFIER answer cannot be replayed, and a forgotten device
 * neither signs in nor refreshes.
 */
describe('device keys are bound to their user and their exchange', () => {
  let poolId: string
  let clientId: string

  const passwordSignIn = (username: string, deviceKey?: string) =>
    sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: {
          USERNAME: username,
          PASSWORD,
          ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
        },
      }),
    )

  /** A user, signed in once, whose device is confirmed: the device's secret and the refresh token. */
  async function userWithDevice(
    username: string,
  ): Promise<{ device: DeviceSecret; refresh: string }> {
    const admin = adminClient()
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
      }),
    )
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: username,
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    const result = (await passwordSignIn(username)).AuthenticationResult!
    const { DeviceKey, DeviceGroupKey } = result.NewDeviceMetadata!
    const device = await newDeviceSecret(DeviceGroupKey!, DeviceKey!)
    await sdk.send(
      new ConfirmDeviceCommand({
        AccessToken: result.AccessToken!,
        DeviceKey: DeviceKey!,
        DeviceSecretVerifierConfig: device.config,
      }),
    )
    return { device, refresh: result.RefreshToken! }
  }

  /** DEVICE_SRP_AUTH for a sign-in's Session: the DEVICE_PASSWORD_VERIFIER request that answers it. */
  async function deviceAnswer(username: string, device: DeviceSecret) {
    const started = await passwordSignIn(username, device.deviceKey)
    expect(started.ChallengeName).toBe('DEVICE_SRP_AUTH')
    const exchange = await srpExchange(device.groupKey)
    const challenge = await sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'DEVICE_SRP_AUTH',
        Session: started.Session!,
        ChallengeResponses: { USERNAME: username, DEVICE_KEY: device.deviceKey, SRP_A: exchange.A },
      }),
    )
    const claim = await exchange.claim(
      challenge.ChallengeParameters as Record<string, string>,
      device.deviceKey,
      device.password,
    )
    return new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      Session: challenge.Session!,
      ChallengeResponses: { ...claim, DEVICE_KEY: device.deviceKey },
    })
  }

  beforeAll(async () => {
    poolId = await createPool({
      DeviceConfiguration: {
        ChallengeRequiredOnNewDevice: true,
        DeviceOnlyRememberedOnUserPrompt: false,
      },
    })
    clientId = (await createAppClient(poolId)).clientId
  })

  it('a device key does not sign in another user', async () => {
    const { device } = await userWithDevice('owner')
    await userWithDevice('borrower')
    await expect(passwordSignIn('borrower', device.deviceKey)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Device does not exist.',
    })
  })

  it('a DEVICE_PASSWORD_VERIFIER answer signs in once', async () => {
    const { device } = await userWithDevice('replayed')
    const answer = await deviceAnswer('replayed', device)
    expect((await sdk.send(answer)).AuthenticationResult?.AccessToken).toBeTruthy()
    await expect(sdk.send(answer)).rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })

  it('a forgotten device neither signs in nor refreshes', async () => {
    const { device, refresh } = await userWithDevice('forgetful')
    const signedIn = (await sdk.send(await deviceAnswer('forgetful', device))).AuthenticationResult!
    await sdk.send(
      new ForgetDeviceCommand({ AccessToken: signedIn.AccessToken!, DeviceKey: device.deviceKey }),
    )
    await expect(passwordSignIn('forgetful', device.deviceKey)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    })
    await expect(
      sdk.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refresh, DEVICE_KEY: device.deviceKey },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })
})
