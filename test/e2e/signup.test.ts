import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createHmac } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { adminClient, createAppClient, createPool, outbox, publicClient } from './support/clients'

const PASSWORD = 'Sign-up-Pass-42'
const lastCode = async (poolId: string, username: string, purpose: string) => {
  const messages = (await outbox(poolId)).filter(
    (m) => m.purpose === purpose && (m.username === username || m.destination === username),
  )
  return messages[messages.length - 1]?.code
}

describe('sign-up and confirmation with the AWS SDK', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool({
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'name', Required: true }],
    })
    clientId = (await createAppClient(poolId)).clientId
  })

  it('signs up, delivers a code, confirms, then signs in with the email', async () => {
    const out = await publicClient().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'Zoe@Example.com',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'name', Value: 'Zoe' }],
      }),
    )
    expect(out.UserConfirmed).toBe(false)
    expect(out.UserSub).toMatch(/^[0-9a-f-]{36}$/)
    expect(out.CodeDeliveryDetails).toEqual({
      Destination: 'Z***@E***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    })
    const messages = (await outbox(poolId)).filter(
      (m) => m.purpose === 'SIGN_UP' && m.destination === 'Zoe@Example.com',
    )
    const code = messages[messages.length - 1]!.code!
    expect(messages[messages.length - 1]!.body).toContain(code)
    await expect(
      publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'zoe@example.com', PASSWORD },
        }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotConfirmedException' })
    await expect(
      publicClient().send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: 'zoe@example.com',
          ConfirmationCode: code === '000000' ? '111111' : '000000',
        }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    await publicClient().send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: 'zoe@example.com',
        ConfirmationCode: code,
      }),
    )
    const user = await adminClient().send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'zoe@example.com' }),
    )
    expect(user.UserStatus).toBe('CONFIRMED')
    expect(user.Username).toBe(out.UserSub)
    expect(user.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value).toBe('true')
    await expect(
      publicClient().send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: 'zoe@example.com',
          ConfirmationCode: code,
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    const signedIn = await publicClient().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'ZOE@example.com', PASSWORD },
      }),
    )
    expect(signedIn.AuthenticationResult?.IdToken).toBeTruthy()
  })

  it('refuses duplicates, schema violations, weak and breached passwords', async () => {
    await publicClient().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'dup@example.com',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'name', Value: 'D' }],
      }),
    )
    await expect(
      publicClient().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'dup@example.com',
          Password: PASSWORD,
          UserAttributes: [{ Name: 'name', Value: 'D' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'UsernameExistsException' })
    await expect(
      publicClient().send(
        new SignUpCommand({ ClientId: clientId, Username: 'x@example.com', Password: PASSWORD }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      publicClient().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'x@example.com',
          Password: PASSWORD,
          UserAttributes: [
            { Name: 'name', Value: 'X' },
            { Name: 'custom:nope', Value: '1' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      publicClient().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'not-an-email',
          Password: PASSWORD,
          UserAttributes: [{ Name: 'name', Value: 'X' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      publicClient().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'y@example.com',
          Password: 'short1A!',
          UserAttributes: [{ Name: 'name', Value: 'Y' }],
        }),
      ),
    ).resolves.toBeTruthy()
    await expect(
      publicClient().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'w@example.com',
          Password: 'nouppercase1!',
          UserAttributes: [{ Name: 'name', Value: 'W' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException' })
    await expect(
      publicClient().send(
        new SignUpCommand({
          ClientId: clientId,
          Username: 'v@example.com',
          Password: 'Password123!',
          UserAttributes: [{ Name: 'name', Value: 'V' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException' })
    await expect(
      publicClient().send(
        new SignUpCommand({
          ClientId: 'unknownclient123',
          Username: 'u@example.com',
          Password: PASSWORD,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('resends codes, and the old code stops working', async () => {
    await publicClient().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'resend@example.com',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'name', Value: 'R' }],
      }),
    )
    const first = await lastCode(poolId, 'resend@example.com', 'SIGN_UP')
    const details = await publicClient().send(
      new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'resend@example.com' }),
    )
    expect(details.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL')
    const second = await lastCode(poolId, 'resend@example.com', 'RESEND_CODE')
    if (first !== second)
      await expect(
        publicClient().send(
          new ConfirmSignUpCommand({
            ClientId: clientId,
            Username: 'resend@example.com',
            ConfirmationCode: first!,
          }),
        ),
      ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    await publicClient().send(
      new ConfirmSignUpCommand({
        ClientId: clientId,
        Username: 'resend@example.com',
        ConfirmationCode: second!,
      }),
    )
  })

  it('gives up on a code after five wrong guesses', async () => {
    await publicClient().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'guess@example.com',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'name', Value: 'G' }],
      }),
    )
    const code = (await lastCode(poolId, 'guess@example.com', 'SIGN_UP'))!
    const wrong = code === '123456' ? '654321' : '123456'
    for (let i = 0; i < 5; i++)
      await expect(
        publicClient().send(
          new ConfirmSignUpCommand({
            ClientId: clientId,
            Username: 'guess@example.com',
            ConfirmationCode: wrong,
          }),
        ),
      ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    await expect(
      publicClient().send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: 'guess@example.com',
          ConfirmationCode: code,
        }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
  })

  it('checks SECRET_HASH on sign-up for a client with a secret', async () => {
    const { clientId: secretClient, clientSecret } = await createAppClient(poolId, {
      GenerateSecret: true,
    })
    const hash = (username: string) =>
      createHmac('sha256', clientSecret!)
        .update(username + secretClient)
        .digest('base64')
    await expect(
      publicClient().send(
        new SignUpCommand({
          ClientId: secretClient,
          Username: 's@example.com',
          Password: PASSWORD,
          UserAttributes: [{ Name: 'name', Value: 'S' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await expect(
      publicClient().send(
        new SignUpCommand({
          ClientId: secretClient,
          Username: 's@example.com',
          Password: PASSWORD,
          SecretHash: hash('other@example.com'),
          UserAttributes: [{ Name: 'name', Value: 'S' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await publicClient().send(
      new SignUpCommand({
        ClientId: secretClient,
        Username: 's@example.com',
        Password: PASSWORD,
        SecretHash: hash('s@example.com'),
        UserAttributes: [{ Name: 'name', Value: 'S' }],
      }),
    )
  })

  it('resets a password with ForgotPassword/ConfirmForgotPassword and after AdminResetUserPassword', async () => {
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'reset@example.com',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'name', Value: 'R' },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    )
    const forgot = await publicClient().send(
      new ForgotPasswordCommand({ ClientId: clientId, Username: 'reset@example.com' }),
    )
    expect(forgot.CodeDeliveryDetails?.AttributeName).toBe('email')
    const code = (await lastCode(poolId, 'reset@example.com', 'FORGOT_PASSWORD'))!
    await expect(
      publicClient().send(
        new ConfirmForgotPasswordCommand({
          ClientId: clientId,
          Username: 'reset@example.com',
          ConfirmationCode: code,
          Password: 'weak',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException' })
    await publicClient().send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: 'reset@example.com',
        ConfirmationCode: code,
        Password: PASSWORD,
      }),
    )
    expect(
      (
        await adminClient().send(
          new AdminGetUserCommand({ UserPoolId: poolId, Username: 'reset@example.com' }),
        )
      ).UserStatus,
    ).toBe('CONFIRMED')
    await adminClient().send(
      new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'reset@example.com' }),
    )
    await expect(
      publicClient().send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'reset@example.com', PASSWORD },
        }),
      ),
    ).rejects.toMatchObject({ name: 'PasswordResetRequiredException' })
    const adminCode = (await lastCode(poolId, 'reset@example.com', 'FORGOT_PASSWORD'))!
    await publicClient().send(
      new ConfirmForgotPasswordCommand({
        ClientId: clientId,
        Username: 'reset@example.com',
        ConfirmationCode: adminCode,
        Password: 'Another-Pass-43',
      }),
    )
    const ok = await publicClient().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'reset@example.com', PASSWORD: 'Another-Pass-43' },
      }),
    )
    expect(ok.AuthenticationResult).toBeTruthy()
  })

  it('refuses a reset when the user has no verified channel', async () => {
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'unverified@example.com',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'name', Value: 'U' }],
      }),
    )
    await adminClient().send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'unverified@example.com',
        UserAttributes: [{ Name: 'email_verified', Value: 'false' }],
      }),
    )
    await expect(
      publicClient().send(
        new ForgotPasswordCommand({ ClientId: clientId, Username: 'unverified@example.com' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('answers unknown and known users alike when PreventUserExistenceErrors is ENABLED', async () => {
    const strict = (await createAppClient(poolId, { PreventUserExistenceErrors: 'ENABLED' }))
      .clientId
    const unknown = await publicClient().send(
      new ForgotPasswordCommand({ ClientId: strict, Username: 'ghost@example.com' }),
    )
    expect(unknown.CodeDeliveryDetails).toMatchObject({
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    })
    expect(unknown.CodeDeliveryDetails?.Destination).toMatch(/^.\*\*\*@.\*\*\*$/)
    await expect(
      publicClient().send(
        new ConfirmSignUpCommand({
          ClientId: strict,
          Username: 'ghost@example.com',
          ConfirmationCode: '123456',
        }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    await expect(
      publicClient().send(
        new ConfirmForgotPasswordCommand({
          ClientId: strict,
          Username: 'ghost@example.com',
          ConfirmationCode: '123456',
          Password: PASSWORD,
        }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    const resend = await publicClient().send(
      new ResendConfirmationCodeCommand({ ClientId: strict, Username: 'ghost@example.com' }),
    )
    expect(resend.CodeDeliveryDetails?.DeliveryMedium).toBe('EMAIL')
    await expect(
      publicClient().send(
        new ForgotPasswordCommand({ ClientId: clientId, Username: 'ghost@example.com' }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' })
  })
})

describe('sign-up in a pool with sign-in aliases', () => {
  it('refuses usernames shaped like an alias the pool allows, and accepts others', async () => {
    const poolId = await createPool({
      AliasAttributes: ['email', 'phone_number'],
      AutoVerifiedAttributes: ['email'],
    })
    const { clientId } = await createAppClient(poolId)
    const signUp = (Username: string) =>
      publicClient().send(
        new SignUpCommand({
          ClientId: clientId,
          Username,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: 'alias@example.com' }],
        }),
      )
    await expect(signUp('someone@example.com')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Username cannot be of email format, since user pool is configured for email alias.',
    })
    await expect(signUp('+15550002222')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        'Username cannot be of phone number format, since user pool is configured for phone number alias.',
    })
    expect((await signUp('plain-name')).UserConfirmed).toBe(false)
  })
})

describe('verification messages', () => {
  it('fills the pool template once, inserting a username with $& or a placeholder in it literally', async () => {
    const poolId = await createPool({
      AutoVerifiedAttributes: ['email'],
      VerificationMessageTemplate: {
        EmailSubject: 'Code',
        EmailMessage: 'Hi {username}, your code is {####}.',
      },
    })
    const { clientId } = await createAppClient(poolId)
    const username = 'odd$&{####}$1name'
    await publicClient().send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: 'odd@example.com' }],
      }),
    )
    const message = (await outbox(poolId)).find((m) => m.purpose === 'SIGN_UP')!
    expect(message.body).toBe(`Hi ${username}, your code is ${message.code}.`)
  })
})
