import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  type AttributeType,
  CreateGroupCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  SignUpCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  outbox,
  publicClient,
  uniqueName,
} from './support/clients'

const PASSWORD = 'Admin-Set-Pass-7'
const admin = adminClient()

const attr = (attributes: AttributeType[] | undefined, name: string): string | undefined =>
  attributes?.find((a) => a.Name === name)?.Value
const getUser = (UserPoolId: string, Username: string) =>
  admin.send(new AdminGetUserCommand({ UserPoolId, Username }))
const signIn = (ClientId: string, USERNAME: string, PASSWORD: string) =>
  publicClient().send(
    new InitiateAuthCommand({
      ClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME, PASSWORD },
    }),
  )
/** Invitations sent to one user of a pool, oldest first. */
const invitations = async (poolId: string, username: string) =>
  (await outbox(poolId)).filter((m) => m.username === username && m.purpose === 'ADMIN_CREATE_USER')

describe('AdminCreateUser', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool({
      AliasAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      Policies: {
        PasswordPolicy: {
          MinimumLength: 14,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 3,
        },
      },
      Schema: [
        {
          Name: 'dept',
          AttributeDataType: 'String',
          Mutable: true,
          StringAttributeConstraints: { MaxLength: '8' },
        },
        {
          Name: 'level',
          AttributeDataType: 'Number',
          Mutable: true,
          NumberAttributeConstraints: { MinValue: '1', MaxValue: '9' },
        },
      ],
    })
    clientId = (await createAppClient(poolId)).clientId
  })

  it('creates a FORCE_CHANGE_PASSWORD user and emails a generated temporary password that meets the policy and signs in', async () => {
    const before = Date.now()
    const { User } = await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'Olivia',
        UserAttributes: [
          { Name: 'email', Value: 'olivia@example.com' },
          { Name: 'custom:dept', Value: 'ops' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    )
    expect(User).toMatchObject({
      Username: 'Olivia',
      UserStatus: 'FORCE_CHANGE_PASSWORD',
      Enabled: true,
    })
    expect(attr(User?.Attributes, 'sub')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(User?.UserCreateDate).toBeInstanceOf(Date)
    expect(User!.UserCreateDate!.getTime()).toBeGreaterThanOrEqual(
      Math.floor(before / 1000) * 1000 - 5000,
    )
    const [invitation, ...more] = await invitations(poolId, 'Olivia')
    expect(more).toHaveLength(0)
    expect(invitation).toMatchObject({ medium: 'EMAIL', destination: 'olivia@example.com' })
    const temporary = invitation!.code!
    expect(invitation!.body).toBe(`Your username is Olivia and temporary password is ${temporary}.`)
    expect(temporary.length).toBeGreaterThanOrEqual(14)
    for (const cls of [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(temporary).toMatch(cls)
    expect((await signIn(clientId, 'olivia', temporary)).ChallengeName).toBe(
      'NEW_PASSWORD_REQUIRED',
    )
    const got = await getUser(poolId, 'OLIVIA')
    expect(got).toMatchObject({
      Username: 'Olivia',
      UserStatus: 'FORCE_CHANGE_PASSWORD',
      Enabled: true,
      MFAOptions: [],
      UserMFASettingList: [],
    })
    expect(attr(got.UserAttributes, 'custom:dept')).toBe('ops')
    expect(got.UserLastModifiedDate).toBeInstanceOf(Date)
  })

  it('takes a given temporary password, fills the pool invitation template and sends to every medium asked for', async () => {
    const templated = await createPool({
      AdminCreateUserConfig: {
        InviteMessageTemplate: {
          EmailSubject: 'Welcome aboard',
          EmailMessage: 'Hello {username}, sign in with {####} soon.',
          SMSMessage: 'Hi {username}: {####}',
        },
      },
    })
    const temporary = 'Temp$&-Pass-91x'
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: templated,
        Username: 'pat',
        TemporaryPassword: temporary,
        UserAttributes: [
          { Name: 'email', Value: 'pat@example.com' },
          { Name: 'phone_number', Value: '+15550001111' },
        ],
        DesiredDeliveryMediums: ['EMAIL', 'SMS'],
      }),
    )
    const sent = await invitations(templated, 'pat')
    expect(sent.map((m) => [m.medium, m.destination, m.body]).sort()).toEqual([
      ['EMAIL', 'pat@example.com', `Hello pat, sign in with ${temporary} soon.`],
      ['SMS', '+15550001111', `Hi pat: ${temporary}`],
    ])
    const { clientId: templatedClient } = await createAppClient(templated)
    expect((await signIn(templatedClient, 'pat', temporary)).ChallengeName).toBe(
      'NEW_PASSWORD_REQUIRED',
    )
    // A blank TemporaryPassword asks for a generated one.
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: templated,
        Username: 'blank',
        TemporaryPassword: '',
        UserAttributes: [{ Name: 'email', Value: 'blank@example.com' }],
      }),
    )
    const [generated] = await invitations(templated, 'blank')
    expect(generated!.code!.length).toBeGreaterThanOrEqual(12)
    expect((await signIn(templatedClient, 'blank', generated!.code!)).ChallengeName).toBe(
      'NEW_PASSWORD_REQUIRED',
    )
  })

  it('defaults to SMS, falls back to email, and creates a user without contact details without a message', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'sms-user',
        UserAttributes: [
          { Name: 'phone_number', Value: '+15550002222' },
          { Name: 'email', Value: 'sms-user@example.com' },
        ],
      }),
    )
    expect((await invitations(poolId, 'sms-user')).map((m) => m.medium)).toEqual(['SMS'])
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'mail-only',
        UserAttributes: [{ Name: 'email', Value: 'mail-only@example.com' }],
      }),
    )
    expect((await invitations(poolId, 'mail-only')).map((m) => m.medium)).toEqual(['EMAIL'])
    const { User } = await admin.send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'no-contact' }),
    )
    expect(User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD')
    expect(await invitations(poolId, 'no-contact')).toEqual([])
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'quiet',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'quiet@example.com' }],
      }),
    )
    expect(await invitations(poolId, 'quiet')).toEqual([])
    await expect(
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'wants-mail',
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'wants-sms',
          DesiredDeliveryMediums: ['SMS'],
          UserAttributes: [{ Name: 'email', Value: 'w@example.com' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(getUser(poolId, 'wants-mail')).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
  })

  it('RESEND sends a new temporary password that replaces the old one, only while the user has not signed in', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'rhea',
        UserAttributes: [{ Name: 'email', Value: 'rhea@example.com' }],
      }),
    )
    const first = (await invitations(poolId, 'rhea'))[0]!.code!
    const { User } = await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'RHEA',
        MessageAction: 'RESEND',
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    )
    expect(User).toMatchObject({ Username: 'rhea', UserStatus: 'FORCE_CHANGE_PASSWORD' })
    const sent = await invitations(poolId, 'rhea')
    expect(sent).toHaveLength(2)
    const second = sent[1]!.code!
    expect(second).not.toBe(first)
    await expect(signIn(clientId, 'rhea', first)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
    expect((await signIn(clientId, 'rhea', second)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
    await expect(
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'nobody-here',
          MessageAction: 'RESEND',
        }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' })
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'rhea',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    await expect(
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'rhea',
          MessageAction: 'RESEND',
        }),
      ),
    ).rejects.toMatchObject({ name: 'UnsupportedUserStateException' })
  })

  it('refuses duplicates, schema violations, weak passwords, unknown pools and mistyped members', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'dupe',
        MessageAction: 'SUPPRESS',
      }),
    )
    const create = (input: Partial<ConstructorParameters<typeof AdminCreateUserCommand>[0]>) =>
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: `u-${uniqueName()}`,
          MessageAction: 'SUPPRESS',
          ...input,
        }),
      )
    await expect(create({ Username: 'DUPE' })).rejects.toMatchObject({
      name: 'UsernameExistsException',
    })
    const invalid = [
      { UserAttributes: [{ Name: 'custom:none', Value: '1' }] },
      { UserAttributes: [{ Name: 'custom:dept', Value: 'far-too-long' }] },
      { UserAttributes: [{ Name: 'custom:level', Value: 'ten' }] },
      { UserAttributes: [{ Name: 'custom:level', Value: '10' }] },
      { UserAttributes: [{ Name: 'email', Value: 'not-an-email' }] },
      { UserAttributes: [{ Name: 'phone_number', Value: '555-1234' }] },
      { UserAttributes: [{ Name: 'birthdate', Value: '1st of May' }] },
      { UserAttributes: [{ Name: 'sub', Value: 'mine' }] },
      { UserAttributes: [{ Name: 'email_verified', Value: 'true' }] },
      { UserAttributes: [{ Name: 'email_verified', Value: 'maybe' }] },
      { Username: 'someone@example.com' },
      { Username: 'has space' },
      { Username: 'x'.repeat(129) },
      { MessageAction: 'RESEND_ALL' as 'RESEND' },
      { DesiredDeliveryMediums: ['PIGEON' as 'SMS'] },
      { TemporaryPassword: 'x'.repeat(257) },
      { TemporaryPassword: 'has space 1A!' },
    ]
    for (const input of invalid)
      await expect(create(input), JSON.stringify(input)).rejects.toMatchObject({
        name: 'InvalidParameterException',
      })
    for (const TemporaryPassword of [
      'Sh0rt!',
      'alllowercase-12345',
      'NoNumbers-Here-Now',
      'NoSymbols1234567Ab',
    ]) {
      await expect(create({ TemporaryPassword }), TemporaryPassword).rejects.toMatchObject({
        name: 'InvalidPasswordException',
      })
    }
    for (const input of [
      { ForceAliasCreation: 'yes' as unknown as boolean },
      { UserAttributes: 'email' as never },
      { Username: 42 as unknown as string },
    ]) {
      await expect(create(input), JSON.stringify(input)).rejects.toMatchObject({
        name: 'SerializationException',
      })
    }
    await expect(
      admin.send(new AdminCreateUserCommand({ UserPoolId: poolId } as never)),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      admin.send(new AdminCreateUserCommand({ UserPoolId: 'us-east-1_NoSuchPool', Username: 'x' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
  })

  it('keeps verified email aliases unique, or moves one with ForceAliasCreation', async () => {
    const verified = (email: string) => [
      { Name: 'email', Value: email },
      { Name: 'email_verified', Value: 'true' },
    ]
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'first-holder',
        MessageAction: 'SUPPRESS',
        UserAttributes: verified('shared@example.com'),
      }),
    )
    expect((await getUser(poolId, 'Shared@Example.com')).Username).toBe('first-holder')
    await expect(
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'second-holder',
          MessageAction: 'SUPPRESS',
          UserAttributes: verified('SHARED@example.com'),
        }),
      ),
    ).rejects.toMatchObject({ name: 'AliasExistsException' })
    await expect(getUser(poolId, 'second-holder')).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
    // An unverified copy of the email is no alias and does not clash.
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'unverified-copy',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }],
      }),
    )
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'second-holder',
        MessageAction: 'SUPPRESS',
        ForceAliasCreation: true,
        UserAttributes: verified('shared@example.com'),
      }),
    )
    expect((await getUser(poolId, 'shared@example.com')).Username).toBe('second-holder')
    // The previous holder keeps the address, unverified, as Cognito does.
    const previous = (await getUser(poolId, 'first-holder')).UserAttributes
    expect([attr(previous, 'email'), attr(previous, 'email_verified')]).toEqual([
      'shared@example.com',
      'false',
    ])
  })
})

describe('AdminCreateUser in a pool that signs in by email', () => {
  it('makes the sub the username, resolves the email for admin calls and refuses a second account for one email', async () => {
    const poolId = await createPool({ UsernameAttributes: ['email'] })
    const { User } = await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'Ines@Example.com',
        UserAttributes: [{ Name: 'given_name', Value: 'Ines' }],
      }),
    )
    const sub = attr(User?.Attributes, 'sub')
    expect(User?.Username).toBe(sub)
    expect(attr(User?.Attributes, 'email')).toBe('Ines@Example.com')
    const [invitation] = (await outbox(poolId)).filter((m) => m.purpose === 'ADMIN_CREATE_USER')
    expect(invitation).toMatchObject({
      medium: 'EMAIL',
      destination: 'Ines@Example.com',
      username: sub,
    })
    expect(invitation!.body).toContain(
      'Your username is Ines@Example.com and temporary password is',
    )
    expect((await getUser(poolId, 'ines@example.com')).Username).toBe(sub)
    expect((await getUser(poolId, sub!)).Username).toBe(sub)
    await expect(
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'INES@example.com',
          MessageAction: 'SUPPRESS',
        }),
      ),
    ).rejects.toMatchObject({ name: 'UsernameExistsException' })
    await expect(
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'plain-name',
          MessageAction: 'SUPPRESS',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'ines@example.com',
        MessageAction: 'RESEND',
      }),
    )
    expect((await outbox(poolId)).filter((m) => m.purpose === 'ADMIN_CREATE_USER')).toHaveLength(2)
  })
})

describe('reading, enabling, confirming, passwords and deletion', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool({ UsernameConfiguration: { CaseSensitive: false } })
    clientId = (await createAppClient(poolId)).clientId
  })

  it('sets permanent and temporary passwords and checks them against the policy', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'paul',
        MessageAction: 'SUPPRESS',
      }),
    )
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'PAUL',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    expect((await getUser(poolId, 'paul')).UserStatus).toBe('CONFIRMED')
    expect(
      (await signIn(clientId, 'Paul', PASSWORD)).AuthenticationResult?.AccessToken,
    ).toBeTruthy()
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'paul',
        Password: 'Another-Temp-42',
        Permanent: false,
      }),
    )
    expect((await getUser(poolId, 'paul')).UserStatus).toBe('FORCE_CHANGE_PASSWORD')
    await expect(signIn(clientId, 'paul', PASSWORD)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
    expect((await signIn(clientId, 'paul', 'Another-Temp-42')).ChallengeName).toBe(
      'NEW_PASSWORD_REQUIRED',
    )
    await admin.send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'paul', Password: PASSWORD }),
    )
    expect((await getUser(poolId, 'paul')).UserStatus).toBe('FORCE_CHANGE_PASSWORD')
    for (const Password of ['short1A', 'password123', 'NOLOWERCASE123']) {
      await expect(
        admin.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: poolId,
            Username: 'paul',
            Password,
            Permanent: true,
          }),
        ),
        Password,
      ).rejects.toMatchObject({ name: 'InvalidPasswordException' })
    }
    await expect(
      admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: 'paul',
          Password: 'x'.repeat(257),
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: 'ghost',
          Password: PASSWORD,
          Permanent: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' })
    await expect(
      admin.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: poolId,
          Username: 'paul',
          Password: PASSWORD,
          Permanent: 'true' as unknown as boolean,
        }),
      ),
    ).rejects.toMatchObject({ name: 'SerializationException' })
  })

  it('disables a user (no sign-in, tokens revoked, still listed) and enables it again', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'dora',
        MessageAction: 'SUPPRESS',
      }),
    )
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'dora',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    const { AccessToken } = (await signIn(clientId, 'dora', PASSWORD)).AuthenticationResult!
    await admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'DORA' }))
    expect((await getUser(poolId, 'dora')).Enabled).toBe(false)
    await expect(signIn(clientId, 'dora', PASSWORD)).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
    await expect(publicClient().send(new GetUserCommand({ AccessToken }))).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
    await admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }))
    await admin.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'dora' }))
    expect((await getUser(poolId, 'dora')).Enabled).toBe(true)
    expect((await signIn(clientId, 'dora', PASSWORD)).AuthenticationResult).toBeTruthy()
    for (const Command of [AdminDisableUserCommand, AdminEnableUserCommand]) {
      await expect(
        admin.send(new Command({ UserPoolId: poolId, Username: 'ghost' })),
      ).rejects.toMatchObject({ name: 'UserNotFoundException' })
    }
  })

  it('confirms only UNCONFIRMED users', async () => {
    await publicClient().send(
      new SignUpCommand({ ClientId: clientId, Username: 'quinn', Password: PASSWORD }),
    )
    expect((await getUser(poolId, 'quinn')).UserStatus).toBe('UNCONFIRMED')
    await admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'QUINN' }))
    expect((await getUser(poolId, 'quinn')).UserStatus).toBe('CONFIRMED')
    expect((await signIn(clientId, 'quinn', PASSWORD)).AuthenticationResult).toBeTruthy()
    await expect(
      admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'quinn' })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    })
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'forced',
        MessageAction: 'SUPPRESS',
      }),
    )
    await expect(
      admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'forced' })),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    await expect(
      admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'ghost' })),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' })
  })

  it('deletes a user, after which the username is free again', async () => {
    const first = await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'gone',
        MessageAction: 'SUPPRESS',
      }),
    )
    await admin.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'GONE' }))
    await expect(getUser(poolId, 'gone')).rejects.toMatchObject({ name: 'UserNotFoundException' })
    await expect(
      admin.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'gone' })),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' })
    const second = await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'gone',
        MessageAction: 'SUPPRESS',
      }),
    )
    expect(attr(second.User?.Attributes, 'sub')).not.toBe(attr(first.User?.Attributes, 'sub'))
    await expect(
      admin.send(
        new AdminDeleteUserCommand({ UserPoolId: 'us-east-1_NoSuchPool', Username: 'gone' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    await expect(
      admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: '' })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })
})

describe('AdminUpdateUserAttributes and AdminDeleteUserAttributes', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool({
      AliasAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: [
        { Name: 'dept', AttributeDataType: 'String', Mutable: true },
        { Name: 'badge', AttributeDataType: 'String', Mutable: false },
        { Name: 'name', AttributeDataType: 'String', Mutable: true, Required: true },
      ],
    })
    clientId = (await createAppClient(poolId)).clientId
  })

  const update = (Username: string, UserAttributes: AttributeType[]) =>
    admin.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username, UserAttributes }),
    )
  const attributesOf = async (username: string) => (await getUser(poolId, username)).UserAttributes

  it('changes an email: unverified (and no alias) unless the request verifies it, with a code sent to the new address', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'rita',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'name', Value: 'Rita' },
          { Name: 'email', Value: 'rita@example.com' },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'custom:badge', Value: 'B-1' },
        ],
      }),
    )
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'rita',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    expect((await signIn(clientId, 'Rita@Example.com', PASSWORD)).AuthenticationResult).toBeTruthy()
    await update('rita@example.com', [
      { Name: 'email', Value: 'rita2@example.com' },
      { Name: 'custom:dept', Value: 'ops' },
    ])
    const after = await attributesOf('rita')
    expect([
      attr(after, 'email'),
      attr(after, 'email_verified'),
      attr(after, 'custom:dept'),
    ]).toEqual(['rita2@example.com', 'false', 'ops'])
    const code = (await outbox(poolId)).find(
      (m) => m.username === 'rita' && m.purpose === 'VERIFY_ATTRIBUTE',
    )
    expect(code).toMatchObject({ medium: 'EMAIL', destination: 'rita2@example.com' })
    await expect(signIn(clientId, 'rita@example.com', PASSWORD)).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
    await expect(signIn(clientId, 'rita2@example.com', PASSWORD)).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
    const sentBefore = (await outbox(poolId)).length
    await update('rita', [
      { Name: 'email', Value: 'rita3@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ])
    expect(attr(await attributesOf('rita'), 'email_verified')).toBe('true')
    expect((await outbox(poolId)).length).toBe(sentBefore)
    expect(
      (await signIn(clientId, 'rita3@example.com', PASSWORD)).AuthenticationResult,
    ).toBeTruthy()
    // Setting an attribute to its current value changes nothing about verification.
    await update('rita', [{ Name: 'email', Value: 'rita3@example.com' }])
    expect(attr(await attributesOf('rita'), 'email_verified')).toBe('true')
  })

  it('deletes with a blank value, keeps required and immutable attributes, and refuses what the schema does not allow', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'sven',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'name', Value: 'Sven' },
          { Name: 'custom:dept', Value: 'ops' },
          { Name: 'custom:badge', Value: 'B-2' },
        ],
      }),
    )
    await update('sven', [{ Name: 'custom:dept', Value: '' }])
    expect(attr(await attributesOf('sven'), 'custom:dept')).toBeUndefined()
    const refused: AttributeType[][] = [
      [{ Name: 'name', Value: '' }],
      [{ Name: 'custom:badge', Value: 'B-3' }],
      [{ Name: 'custom:unknown', Value: 'x' }],
      [{ Name: 'sub', Value: '00000000-0000-4000-8000-000000000000' }],
      [{ Name: 'email', Value: 'bad address' }],
      [{ Name: 'phone_number_verified', Value: 'true' }],
      [{ Name: 'updated_at', Value: 'yesterday' }],
    ]
    for (const attributes of refused)
      await expect(update('sven', attributes), JSON.stringify(attributes)).rejects.toMatchObject({
        name: 'InvalidParameterException',
      })
    const kept = await attributesOf('sven')
    expect([attr(kept, 'name'), attr(kept, 'custom:badge')]).toEqual(['Sven', 'B-2'])
    await expect(update('ghost', [{ Name: 'name', Value: 'x' }])).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
    await expect(
      admin.send(
        new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'sven' } as never),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      update('sven', [{ Name: 'name', Value: 7 as unknown as string }]),
    ).rejects.toMatchObject({ name: 'SerializationException' })
  })

  it('moves a verified email between users only when it is free (AliasExistsException otherwise)', async () => {
    for (const [Username, email] of [
      ['ada', 'ada@example.com'],
      ['bea', 'bea@example.com'],
    ]) {
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'name', Value: Username! },
            { Name: 'email', Value: email! },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      )
    }
    await expect(
      update('bea', [
        { Name: 'email', Value: 'ada@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ]),
    ).rejects.toMatchObject({ name: 'AliasExistsException' })
    expect(attr(await attributesOf('bea'), 'email')).toBe('bea@example.com')
    await admin.send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'ada',
        UserAttributeNames: ['email'],
      }),
    )
    const ada = await attributesOf('ada')
    expect([attr(ada, 'email'), attr(ada, 'email_verified')]).toEqual([undefined, undefined])
    await update('bea', [
      { Name: 'email', Value: 'ada@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ])
    expect((await getUser(poolId, 'ada@example.com')).Username).toBe('bea')
    await expect(getUser(poolId, 'bea@example.com')).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
  })

  it('AdminDeleteUserAttributes refuses sub, required, immutable and unknown attributes', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'tim',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'name', Value: 'Tim' },
          { Name: 'custom:badge', Value: 'B-4' },
          { Name: 'given_name', Value: 'T' },
        ],
      }),
    )
    for (const name of ['sub', 'name', 'custom:badge', 'custom:nothing', 'nickname ']) {
      await expect(
        admin.send(
          new AdminDeleteUserAttributesCommand({
            UserPoolId: poolId,
            Username: 'tim',
            UserAttributeNames: [name],
          }),
        ),
        name,
      ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    }
    await admin.send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: poolId,
        Username: 'tim',
        UserAttributeNames: ['given_name', 'family_name'],
      }),
    )
    expect(attr(await attributesOf('tim'), 'given_name')).toBeUndefined()
    await expect(
      admin.send(
        new AdminDeleteUserAttributesCommand({
          UserPoolId: poolId,
          Username: 'ghost',
          UserAttributeNames: ['given_name'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' })
    await expect(
      admin.send(
        new AdminDeleteUserAttributesCommand({
          UserPoolId: poolId,
          Username: 'tim',
          UserAttributeNames: 'given_name' as never,
        }),
      ),
    ).rejects.toMatchObject({ name: 'SerializationException' })
  })
})

describe('concurrent admin writes', () => {
  it('applies parallel AdminUpdateUserAttributes on one user whole: every call succeeds or fails cleanly, and the record stays consistent', async () => {
    const poolId = await createPool({
      Schema: [{ Name: 'dept', AttributeDataType: 'String', Mutable: true }],
    })
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'tess',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'nickname', Value: 'keep-me' }],
      }),
    )
    const writes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        admin.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: poolId,
            Username: 'tess',
            UserAttributes: [
              { Name: 'custom:dept', Value: `d${i}` },
              { Name: 'given_name', Value: `g${i}` },
              { Name: 'family_name', Value: `f${i}` },
            ],
          }),
        ),
      ),
    )
    const failures = writes.flatMap((w) =>
      w.status === 'rejected' ? [(w.reason as Error).name] : [],
    )
    expect(failures.every((name) => name === 'ConcurrentModificationException')).toBe(true)
    expect(failures.length).toBeLessThan(10)
    const final = (await getUser(poolId, 'tess')).UserAttributes
    const [dept, given, family] = ['custom:dept', 'given_name', 'family_name'].map((name) =>
      attr(final, name),
    )
    expect(dept).toMatch(/^d\d$/)
    expect([given, family]).toEqual([`g${dept!.slice(1)}`, `f${dept!.slice(1)}`])
    expect(attr(final, 'nickname')).toBe('keep-me')
  })

  it('lets exactly one of several parallel AdminCreateUser calls for one username win', async () => {
    const poolId = await createPool()
    const creates = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        admin.send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: 'race',
            MessageAction: 'SUPPRESS',
            UserAttributes: [{ Name: 'nickname', Value: `n${i}` }],
          }),
        ),
      ),
    )
    const won = creates.flatMap((c, i) => (c.status === 'fulfilled' ? [i] : []))
    expect(won).toHaveLength(1)
    expect(
      creates.every(
        (c) => c.status === 'fulfilled' || (c.reason as Error).name === 'UsernameExistsException',
      ),
    ).toBe(true)
    expect(attr((await getUser(poolId, 'race')).UserAttributes, 'nickname')).toBe(`n${won[0]}`)
  })

  it('lets exactly one of several parallel AdminCreateUser calls for one email win where email is the username', async () => {
    const poolId = await createPool({ UsernameAttributes: ['email'] })
    const creates = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        admin.send(
          new AdminCreateUserCommand({
            UserPoolId: poolId,
            Username: 'race@example.com',
            MessageAction: 'SUPPRESS',
          }),
        ),
      ),
    )
    expect(creates.filter((c) => c.status === 'fulfilled')).toHaveLength(1)
    expect(
      creates.every(
        (c) => c.status === 'fulfilled' || (c.reason as Error).name === 'UsernameExistsException',
      ),
    ).toBe(true)
    const winner = creates.find((c) => c.status === 'fulfilled')!.value.User!.Username!
    expect((await getUser(poolId, 'race@example.com')).Username).toBe(winner)
  })
})

describe('groups and memberships', () => {
  it('manages groups and memberships', async () => {
    const groupPool = await createPool()
    await admin.send(
      new CreateGroupCommand({
        UserPoolId: groupPool,
        GroupName: 'admins',
        Precedence: 1,
        RoleArn: 'arn:aws:iam::123456789012:role/Admin',
      }),
    )
    await admin.send(
      new CreateGroupCommand({
        UserPoolId: groupPool,
        GroupName: 'staff',
        Precedence: 5,
        Description: 'everyone',
      }),
    )
    await expect(
      admin.send(new CreateGroupCommand({ UserPoolId: groupPool, GroupName: 'staff' })),
    ).rejects.toMatchObject({ name: 'GroupExistsException' })
    await expect(
      admin.send(
        new CreateGroupCommand({
          UserPoolId: groupPool,
          GroupName: 'bad',
          RoleArn: 'not-an-arn-at-all-really',
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const updated = await admin.send(
      new UpdateGroupCommand({
        UserPoolId: groupPool,
        GroupName: 'staff',
        Description: 'all staff',
      }),
    )
    expect(updated.Group).toMatchObject({ Description: 'all staff', Precedence: 5 })
    expect(
      (await admin.send(new GetGroupCommand({ UserPoolId: groupPool, GroupName: 'admins' }))).Group
        ?.RoleArn,
    ).toContain('role/Admin')
    for (let i = 0; i < 5; i++)
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId: groupPool,
          Username: `m${i}`,
          MessageAction: 'SUPPRESS',
        }),
      )
    for (let i = 0; i < 5; i++)
      await admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: groupPool,
          Username: `m${i}`,
          GroupName: 'staff',
        }),
      )
    await admin.send(
      new AdminAddUserToGroupCommand({ UserPoolId: groupPool, Username: 'm0', GroupName: 'staff' }),
    )
    await Promise.all(
      ['admins', 'staff'].map((g) =>
        admin.send(
          new AdminAddUserToGroupCommand({ UserPoolId: groupPool, Username: 'm1', GroupName: g }),
        ),
      ),
    )
    const groups = await admin.send(
      new AdminListGroupsForUserCommand({ UserPoolId: groupPool, Username: 'm1' }),
    )
    expect(groups.Groups?.map((g) => g.GroupName).sort()).toEqual(['admins', 'staff'])
    const members: string[] = []
    let token: string | undefined
    do {
      const page = await admin.send(
        new ListUsersInGroupCommand({
          UserPoolId: groupPool,
          GroupName: 'staff',
          Limit: 2,
          NextToken: token,
        }),
      )
      members.push(...page.Users!.map((u) => u.Username!))
      token = page.NextToken
    } while (token)
    expect(members.sort()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4'])
    const { clientId } = await createAppClient(groupPool)
    await admin.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: groupPool,
        Username: 'm1',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    const tokens = (await signIn(clientId, 'm1', PASSWORD)).AuthenticationResult!
    const idClaims = JSON.parse(Buffer.from(tokens.IdToken!.split('.')[1]!, 'base64url').toString())
    expect(idClaims['cognito:groups']).toEqual(['admins', 'staff'])
    expect(idClaims['cognito:roles']).toEqual(['arn:aws:iam::123456789012:role/Admin'])
    expect(idClaims['cognito:preferred_role']).toBe('arn:aws:iam::123456789012:role/Admin')
    expect(
      JSON.parse(Buffer.from(tokens.AccessToken!.split('.')[1]!, 'base64url').toString())[
        'cognito:groups'
      ],
    ).toEqual(['admins', 'staff'])
    await admin.send(
      new AdminRemoveUserFromGroupCommand({
        UserPoolId: groupPool,
        Username: 'm2',
        GroupName: 'staff',
      }),
    )
    const listed = await admin.send(new ListGroupsCommand({ UserPoolId: groupPool, Limit: 1 }))
    expect(listed.Groups).toHaveLength(1)
    expect(listed.NextToken).toBeTruthy()
    await admin.send(new DeleteGroupCommand({ UserPoolId: groupPool, GroupName: 'staff' }))
    expect(
      (
        await admin.send(
          new AdminListGroupsForUserCommand({ UserPoolId: groupPool, Username: 'm1' }),
        )
      ).Groups?.map((g) => g.GroupName),
    ).toEqual(['admins'])
    await expect(
      admin.send(new ListUsersInGroupCommand({ UserPoolId: groupPool, GroupName: 'staff' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' })
    await expect(
      admin.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: groupPool,
          Username: 'ghost',
          GroupName: 'admins',
        }),
      ),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' })
  })
})
