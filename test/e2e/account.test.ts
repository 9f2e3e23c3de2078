import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  type AttributeType,
  ChangePasswordCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  InitiateAuthCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  outbox,
  publicClient,
} from './support/clients'

const PASSWORD = 'Account-Pass-42'
const admin = adminClient()
const user = publicClient()

const attr = (attributes: AttributeType[] | undefined, name: string): string | undefined =>
  attributes?.find((a) => a.Name === name)?.Value

/** The newest attribute-verification code sent to an address. */
async function codeSentTo(poolId: string, destination: string): Promise<string> {
  const messages = (await outbox(poolId)).filter(
    (m) => m.purpose === 'VERIFY_ATTRIBUTE' && m.destination === destination,
  )
  const code = messages[messages.length - 1]?.code
  if (!code) throw new Error(`no verification code went to ${destination}`)
  return code
}

/** A confirmed user with a permanent password and the given attributes. */
async function confirmedUser(
  poolId: string,
  username: string,
  attributes: AttributeType[] = [],
): Promise<void> {
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: attributes,
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
}

async function signIn(clientId: string, username: string, password = PASSWORD) {
  const out = await user.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  )
  return out.AuthenticationResult!
}

describe('a signed-in user managing their own account with the AWS SDK', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool({
      AliasAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: [
        { Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true },
        { Name: 'team', AttributeDataType: 'String', Mutable: true },
        { Name: 'badge', AttributeDataType: 'String', Mutable: false },
      ],
    })
    clientId = (await createAppClient(poolId)).clientId
  })

  it('changes the password: a wrong previous one is refused, the policy applies, old tokens keep working', async () => {
    await confirmedUser(poolId, 'paula', [{ Name: 'name', Value: 'Paula' }])
    const { AccessToken } = await signIn(clientId, 'paula')
    await expect(
      user.send(
        new ChangePasswordCommand({
          AccessToken,
          PreviousPassword: 'Not-Her-Pass-1',
          ProposedPassword: 'Brand-New-Pass-9',
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await expect(
      user.send(
        new ChangePasswordCommand({
          AccessToken,
          PreviousPassword: PASSWORD,
          ProposedPassword: 'short',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException' })
    await expect(
      user.send(new ChangePasswordCommand({ AccessToken, ProposedPassword: 'Brand-New-Pass-9' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await user.send(
      new ChangePasswordCommand({
        AccessToken,
        PreviousPassword: PASSWORD,
        ProposedPassword: 'Brand-New-Pass-9',
      }),
    )
    await expect(signIn(clientId, 'paula')).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
    expect((await signIn(clientId, 'paula', 'Brand-New-Pass-9')).AccessToken).toBeTruthy()
    expect((await user.send(new GetUserCommand({ AccessToken }))).Username).toBe('paula')
  })

  it('locks out a caller guessing the previous password, as sign-in does', async () => {
    await confirmedUser(poolId, 'quinn', [{ Name: 'name', Value: 'Quinn' }])
    const { AccessToken } = await signIn(clientId, 'quinn')
    for (let i = 0; i < 5; i++) {
      await expect(
        user.send(
          new ChangePasswordCommand({
            AccessToken,
            PreviousPassword: `Guess-${i}-Wrong`,
            ProposedPassword: 'Another-Pass-77',
          }),
        ),
      ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    }
    // Now locked: even the right password is refused until the lockout passes.
    await expect(
      user.send(
        new ChangePasswordCommand({
          AccessToken,
          PreviousPassword: PASSWORD,
          ProposedPassword: 'Another-Pass-77',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Password attempts exceeded',
    })
  })

  it('updates attributes; a new email gets a code, stays unverified until the code, then becomes the sign-in alias', async () => {
    await confirmedUser(poolId, 'rita', [{ Name: 'name', Value: 'Rita' }])
    const { AccessToken } = await signIn(clientId, 'rita')
    const out = await user.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [
          { Name: 'custom:team', Value: 'blue' },
          { Name: 'email', Value: 'rita@example.com' },
        ],
      }),
    )
    expect(out.CodeDeliveryDetailsList).toEqual([
      { Destination: 'r***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ])
    const before = await user.send(new GetUserCommand({ AccessToken }))
    expect(attr(before.UserAttributes, 'custom:team')).toBe('blue')
    expect(attr(before.UserAttributes, 'email_verified')).toBe('false')
    await expect(signIn(clientId, 'rita@example.com')).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })

    await expect(
      user.send(
        new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: '000000' }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    await user.send(
      new VerifyUserAttributeCommand({
        AccessToken,
        AttributeName: 'email',
        Code: await codeSentTo(poolId, 'rita@example.com'),
      }),
    )
    expect(
      attr((await user.send(new GetUserCommand({ AccessToken }))).UserAttributes, 'email_verified'),
    ).toBe('true')
    expect((await signIn(clientId, 'rita@example.com')).AccessToken).toBeTruthy()
    // A used code is gone.
    await expect(
      user.send(
        new VerifyUserAttributeCommand({
          AccessToken,
          AttributeName: 'email',
          Code: await codeSentTo(poolId, 'rita@example.com'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
  })

  it('refuses what a user may not write: verified flags, immutable, unknown and blanked required attributes', async () => {
    await confirmedUser(poolId, 'sam', [
      { Name: 'name', Value: 'Sam' },
      { Name: 'custom:badge', Value: 'B-1' },
      { Name: 'email', Value: 'sam@example.com' },
    ])
    const { AccessToken } = await signIn(clientId, 'sam')
    const update = (UserAttributes: AttributeType[]) =>
      user.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes }))
    await expect(update([{ Name: 'email_verified', Value: 'true' }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await expect(update([{ Name: 'custom:badge', Value: 'B-2' }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await expect(update([{ Name: 'custom:nope', Value: 'x' }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await expect(update([{ Name: 'name', Value: '' }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await expect(update([{ Name: 'email', Value: 'not an email' }])).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await expect(
      user.send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['name'] })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      user.send(
        new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['custom:badge'] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const stored = await admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sam' }),
    )
    expect(attr(stored.UserAttributes, 'name')).toBe('Sam')
    expect(attr(stored.UserAttributes, 'custom:badge')).toBe('B-1')
    expect(attr(stored.UserAttributes, 'email')).toBe('sam@example.com')
    expect(attr(stored.UserAttributes, 'email_verified')).toBeUndefined()
  })

  it("keeps to the app client's write permissions", async () => {
    const narrow = (await createAppClient(poolId, { WriteAttributes: ['name'] })).clientId
    await confirmedUser(poolId, 'tess', [
      { Name: 'name', Value: 'Tess' },
      { Name: 'custom:team', Value: 'red' },
    ])
    const { AccessToken } = await signIn(narrow, 'tess')
    await expect(
      user.send(
        new UpdateUserAttributesCommand({
          AccessToken,
          UserAttributes: [{ Name: 'custom:team', Value: 'green' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      user.send(
        new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['custom:team'] }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await user.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'name', Value: 'Tessa' }],
      }),
    )
    const stored = await admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'tess' }),
    )
    expect(attr(stored.UserAttributes, 'name')).toBe('Tessa')
    expect(attr(stored.UserAttributes, 'custom:team')).toBe('red')
  })

  it('deletes attributes, and the email with its verified flag and pending code', async () => {
    await confirmedUser(poolId, 'uma', [
      { Name: 'name', Value: 'Uma' },
      { Name: 'custom:team', Value: 'red' },
      { Name: 'email', Value: 'uma@example.com' },
    ])
    const { AccessToken } = await signIn(clientId, 'uma')
    await user.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
    )
    const code = await codeSentTo(poolId, 'uma@example.com')
    await user.send(
      new DeleteUserAttributesCommand({
        AccessToken,
        UserAttributeNames: ['custom:team', 'email'],
      }),
    )
    const after = await user.send(new GetUserCommand({ AccessToken }))
    expect(after.UserAttributes?.map((a) => a.Name).sort()).toEqual(['name', 'sub'])
    await expect(
      user.send(
        new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    await expect(
      user.send(
        new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('sends verification codes on request, only for email or phone, and a code verifies only the value it went to', async () => {
    await confirmedUser(poolId, 'vera', [
      { Name: 'name', Value: 'Vera' },
      { Name: 'email', Value: 'vera@example.com' },
      { Name: 'phone_number', Value: '+15550001111' },
    ])
    const { AccessToken } = await signIn(clientId, 'vera')
    await expect(
      user.send(
        new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'name' }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const email = await user.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
    )
    expect(email.CodeDeliveryDetails).toEqual({
      Destination: 'v***@e***',
      DeliveryMedium: 'EMAIL',
      AttributeName: 'email',
    })
    const phone = await user.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'phone_number' }),
    )
    expect(phone.CodeDeliveryDetails).toMatchObject({
      DeliveryMedium: 'SMS',
      AttributeName: 'phone_number',
    })
    const emailCode = await codeSentTo(poolId, 'vera@example.com')
    const phoneCode = await codeSentTo(poolId, '+15550001111')
    // Each attribute has its own code: the phone's code does not verify the email.
    if (phoneCode !== emailCode)
      await expect(
        user.send(
          new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: phoneCode }),
        ),
      ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    await user.send(
      new VerifyUserAttributeCommand({
        AccessToken,
        AttributeName: 'phone_number',
        Code: phoneCode,
      }),
    )
    // An administrator changes the email after the code went out: the old code no longer verifies.
    await admin.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'vera',
        UserAttributes: [
          { Name: 'email', Value: 'vera.new@example.com' },
          { Name: 'email_verified', Value: 'false' },
        ],
      }),
    )
    await expect(
      user.send(
        new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: emailCode }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    const stored = await admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'vera' }),
    )
    expect(attr(stored.UserAttributes, 'email_verified')).toBe('false')
    expect(attr(stored.UserAttributes, 'phone_number_verified')).toBe('true')
  })

  it('gives up a code after five wrong guesses', async () => {
    await confirmedUser(poolId, 'wade', [
      { Name: 'name', Value: 'Wade' },
      { Name: 'email', Value: 'wade@example.com' },
    ])
    const { AccessToken } = await signIn(clientId, 'wade')
    await user.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
    )
    const code = await codeSentTo(poolId, 'wade@example.com')
    const wrong = code === '111111' ? '222222' : '111111'
    for (let i = 0; i < 5; i++)
      await expect(
        user.send(
          new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: wrong }),
        ),
      ).rejects.toMatchObject({ name: 'CodeMismatchException' })
    await expect(
      user.send(
        new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: code }),
      ),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' })
  })

  it('refuses to verify an email another user holds as a verified alias', async () => {
    await confirmedUser(poolId, 'xena', [
      { Name: 'name', Value: 'Xena' },
      { Name: 'email', Value: 'shared@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ])
    await confirmedUser(poolId, 'yuri', [{ Name: 'name', Value: 'Yuri' }])
    const { AccessToken } = await signIn(clientId, 'yuri')
    await user.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }],
      }),
    )
    await expect(
      user.send(
        new VerifyUserAttributeCommand({
          AccessToken,
          AttributeName: 'email',
          Code: await codeSentTo(poolId, 'shared@example.com'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'AliasExistsException' })
    expect((await signIn(clientId, 'shared@example.com')).IdToken).toBeTruthy()
    const xena = JSON.parse(
      Buffer.from(
        (await signIn(clientId, 'shared@example.com')).IdToken!.split('.')[1]!,
        'base64url',
      ).toString(),
    ) as Record<string, string>
    expect(xena['cognito:username']).toBe('xena')
  })

  it('applies concurrent attribute updates on one account without losing any', async () => {
    await confirmedUser(poolId, 'zack', [{ Name: 'name', Value: 'Zack' }])
    const { AccessToken } = await signIn(clientId, 'zack')
    const names = ['given_name', 'family_name', 'nickname', 'locale', 'zoneinfo', 'website']
    await Promise.all(
      names.map((Name) =>
        user.send(
          new UpdateUserAttributesCommand({
            AccessToken,
            UserAttributes: [{ Name, Value: `${Name}-value` }],
          }),
        ),
      ),
    )
    const stored = await admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'zack' }),
    )
    for (const name of names) expect(attr(stored.UserAttributes, name)).toBe(`${name}-value`)
  })

  it('deletes the user: its tokens stop working, and stay dead for a new user of the same name', async () => {
    await confirmedUser(poolId, 'abel', [
      { Name: 'name', Value: 'Abel' },
      { Name: 'email', Value: 'abel@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ])
    const old = await signIn(clientId, 'abel')
    await user.send(new DeleteUserCommand({ AccessToken: old.AccessToken }))
    await expect(
      user.send(new GetUserCommand({ AccessToken: old.AccessToken })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await expect(
      user.send(new DeleteUserCommand({ AccessToken: old.AccessToken })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await expect(signIn(clientId, 'abel@example.com')).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
    await confirmedUser(poolId, 'abel', [{ Name: 'name', Value: 'Abel the second' }])
    await expect(
      user.send(new GetUserCommand({ AccessToken: old.AccessToken })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await expect(
      user.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: old.RefreshToken! },
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })

  it('answers a bad or missing access token with NotAuthorized on every account operation', async () => {
    const forged = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'
    const calls = [
      new ChangePasswordCommand({
        AccessToken: forged,
        PreviousPassword: PASSWORD,
        ProposedPassword: 'Whatever-Pass-1',
      }),
      new UpdateUserAttributesCommand({
        AccessToken: forged,
        UserAttributes: [{ Name: 'name', Value: 'x' }],
      }),
      new DeleteUserAttributesCommand({ AccessToken: forged, UserAttributeNames: ['name'] }),
      new GetUserAttributeVerificationCodeCommand({ AccessToken: forged, AttributeName: 'email' }),
      new VerifyUserAttributeCommand({
        AccessToken: forged,
        AttributeName: 'email',
        Code: '123456',
      }),
      new DeleteUserCommand({ AccessToken: forged }),
    ]
    for (const command of calls)
      await expect(user.send(command as Parameters<typeof user.send>[0])).rejects.toMatchObject({
        name: 'NotAuthorizedException',
      })
  })
})

describe('a pool that keeps the old email until the new one is verified', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool({
      AliasAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    })
    clientId = (await createAppClient(poolId)).clientId
  })

  it('signs in with the old email while the change waits, and switches when the code is entered', async () => {
    await confirmedUser(poolId, 'carla', [
      { Name: 'email', Value: 'carla@old.example' },
      { Name: 'email_verified', Value: 'true' },
    ])
    const { AccessToken } = await signIn(clientId, 'carla@old.example')
    const out = await user.send(
      new UpdateUserAttributesCommand({
        AccessToken,
        UserAttributes: [{ Name: 'email', Value: 'carla@new.example' }],
      }),
    )
    expect(out.CodeDeliveryDetailsList).toEqual([
      { Destination: 'c***@n***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    ])
    const waiting = await user.send(new GetUserCommand({ AccessToken }))
    expect(attr(waiting.UserAttributes, 'email')).toBe('carla@old.example')
    expect(attr(waiting.UserAttributes, 'email_verified')).toBe('true')
    expect((await signIn(clientId, 'carla@old.example')).AccessToken).toBeTruthy()

    // Asking again sends a fresh code to the waiting value, not the current one.
    await user.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
    )
    await user.send(
      new VerifyUserAttributeCommand({
        AccessToken,
        AttributeName: 'email',
        Code: await codeSentTo(poolId, 'carla@new.example'),
      }),
    )
    const switched = await user.send(new GetUserCommand({ AccessToken }))
    expect(attr(switched.UserAttributes, 'email')).toBe('carla@new.example')
    expect(attr(switched.UserAttributes, 'email_verified')).toBe('true')
    expect((await signIn(clientId, 'carla@new.example')).AccessToken).toBeTruthy()
    await expect(signIn(clientId, 'carla@old.example')).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
  })
})

describe('account operations through amazon-cognito-identity-js', () => {
  let userPool: CognitoUserPool
  let poolId: string

  beforeAll(async () => {
    poolId = await createPool({ AutoVerifiedAttributes: ['email'] })
    const { clientId } = await createAppClient(poolId)
    userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: endpoint() })
  })

  const call = <T>(run: (done: (error: Error | null | undefined, result?: T) => void) => void) =>
    new Promise<T>((resolve, reject) =>
      run((error, result) => (error ? reject(error) : resolve(result as T))),
    )

  it('changes the password, updates and verifies attributes, deletes one and then the user', async () => {
    await confirmedUser(poolId, 'jsacct', [{ Name: 'email', Value: 'jsacct@example.com' }])
    const cognitoUser = new CognitoUser({ Username: 'jsacct', Pool: userPool })
    cognitoUser.setAuthenticationFlowType('USER_PASSWORD_AUTH')
    await new Promise<CognitoUserSession>((resolve, reject) =>
      cognitoUser.authenticateUser(
        new AuthenticationDetails({ Username: 'jsacct', Password: PASSWORD }),
        { onSuccess: resolve, onFailure: reject },
      ),
    )
    await call((done) => cognitoUser.changePassword(PASSWORD, 'Js-Changed-Pass-5', done))
    await call((done) =>
      cognitoUser.updateAttributes(
        [
          new CognitoUserAttribute({ Name: 'email', Value: 'jsacct.new@example.com' }),
          new CognitoUserAttribute({ Name: 'nickname', Value: 'js' }),
        ],
        done,
      ),
    )
    await new Promise<void>((resolve, reject) =>
      cognitoUser.getAttributeVerificationCode('email', {
        onSuccess: () => resolve(),
        onFailure: reject,
        inputVerificationCode: () => resolve(),
      }),
    )
    const code = await codeSentTo(poolId, 'jsacct.new@example.com')
    await new Promise<void>((resolve, reject) =>
      cognitoUser.verifyAttribute('email', code, { onSuccess: () => resolve(), onFailure: reject }),
    )
    await call((done) => cognitoUser.deleteAttributes(['nickname'], done))
    const attributes = await call<CognitoUserAttribute[]>((done) =>
      cognitoUser.getUserAttributes(done),
    )
    expect(Object.fromEntries(attributes.map((a) => [a.getName(), a.getValue()]))).toMatchObject({
      email: 'jsacct.new@example.com',
      email_verified: 'true',
    })
    expect(attributes.some((a) => a.getName() === 'nickname')).toBe(false)
    await call((done) => cognitoUser.deleteUser(done))
    await expect(
      admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'jsacct' })),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' })
  })
})
