import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminRespondToAuthChallengeCommand,
  AdminInitiateAuthCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider'
import { createHash, randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  publicClient,
  uniqueName,
} from '../support/clients'

const TEMPORARY = 'Temporary-Pass-11'
const CHOSEN = 'Chosen-Pass-2024'
const REDIRECT = 'https://rp.example/callback'

const attribute = (attributes: AttributeType[] | undefined, name: string) =>
  attributes?.find((a) => a.Name === name)?.Value

/**
 * An invited user proves only that they hold the temporary password. Answering NEW_PASSWORD_REQUIRED
 * may fill the required attributes they lack and the attributes their app client may write, as
 * Cognito documents; it must not verify an address, overwrite what an administrator set on an
 * immutable attribute, or change a required attribute that already has a value.
 */
describe('security review 04: NEW_PASSWORD_REQUIRED writes only the attributes it may', () => {
  let poolId: string
  /** No WriteAttributes: the challenge may write what UpdateUserAttributes lets a user write. */
  let openClient: string
  /** WriteAttributes without `name` (required) and `given_name`, with the two immutable attributes. */
  let narrowClient: string
  let hostedClient: string

  beforeAll(async () => {
    poolId = await createPool({
      Schema: [
        { Name: 'name', Required: true, Mutable: true },
        { Name: 'tenant', AttributeDataType: 'String', Mutable: false },
        { Name: 'plan', AttributeDataType: 'String', Mutable: false },
      ],
    })
    openClient = (await createAppClient(poolId)).clientId
    narrowClient = (
      await createAppClient(poolId, {
        WriteAttributes: ['email', 'phone_number', 'custom:tenant', 'custom:plan'],
      })
    ).clientId
    hostedClient = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [REDIRECT],
        SupportedIdentityProviders: ['COGNITO'],
      })
    ).clientId
  })

  /** An invited user (FORCE_CHANGE_PASSWORD) with the attributes an administrator gave them. */
  async function invite(attributes: AttributeType[]): Promise<string> {
    const username = `invitee-${uniqueName()}`
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        TemporaryPassword: TEMPORARY,
        MessageAction: 'SUPPRESS',
        UserAttributes: attributes,
      }),
    )
    return username
  }

  const stored = async (username: string) =>
    adminClient().send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))

  /** Signs in with the temporary password and returns the NEW_PASSWORD_REQUIRED session. */
  async function challenge(clientId: string, username: string): Promise<string> {
    const first = await publicClient().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: TEMPORARY },
      }),
    )
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
    return first.Session!
  }

  const respond = (
    clientId: string,
    username: string,
    session: string,
    attributes: Record<string, string>,
  ) =>
    publicClient().send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeResponses: {
          USERNAME: username,
          NEW_PASSWORD: CHOSEN,
          ...Object.fromEntries(
            Object.entries(attributes).map(([name, value]) => [`userAttributes.${name}`, value]),
          ),
        },
      }),
    )

  it('RespondToAuthChallenge never sets email_verified or phone_number_verified', async () => {
    const username = await invite([
      { Name: 'email', Value: 'invitee@example.com' },
      { Name: 'phone_number', Value: '+15550104444' },
    ])
    const session = await challenge(openClient, username)
    const attempts: Record<string, string>[] = [
      { name: 'Ivy Invitee', email_verified: 'true' },
      { name: 'Ivy Invitee', email: 'victim@example.com', email_verified: 'true' },
      { name: 'Ivy Invitee', phone_number_verified: 'true' },
    ]
    for (const attempt of attempts) {
      const flag = 'email_verified' in attempt ? 'email_verified' : 'phone_number_verified'
      await expect(respond(openClient, username, session, attempt), flag).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: `A client attempted to write unauthorized attribute ${flag}`,
      })
    }
    const user = await stored(username)
    expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD')
    expect(attribute(user.UserAttributes, 'email')).toBe('invitee@example.com')
    expect(attribute(user.UserAttributes, 'email_verified')).not.toBe('true')
    expect(attribute(user.UserAttributes, 'phone_number_verified')).not.toBe('true')
    // The same session still completes with what the challenge may write.
    const done = await respond(openClient, username, session, { name: 'Ivy Invitee' })
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
    expect(attribute((await stored(username)).UserAttributes, 'name')).toBe('Ivy Invitee')
  })

  it('an immutable attribute an administrator set cannot be overwritten, even by a client that may write it', async () => {
    const username = await invite([{ Name: 'custom:tenant', Value: 'acme' }])
    for (const clientId of [openClient, narrowClient]) {
      await expect(
        respond(clientId, username, await challenge(clientId, username), {
          name: 'Mallory',
          'custom:tenant': 'globex',
        }),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'Attribute cannot be updated. custom:tenant',
      })
    }
    const user = await stored(username)
    expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD')
    expect(attribute(user.UserAttributes, 'custom:tenant')).toBe('acme')
  })

  it('an immutable attribute without a value is filled only by a client that may write it', async () => {
    const username = await invite([{ Name: 'name', Value: 'Pat Plan' }])
    // UpdateUserAttributes cannot write an immutable attribute: without WriteAttributes, neither can the challenge.
    await expect(
      respond(openClient, username, await challenge(openClient, username), {
        'custom:plan': 'gold',
      }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'A client attempted to write unauthorized attribute custom:plan',
    })
    const done = await respond(narrowClient, username, await challenge(narrowClient, username), {
      'custom:plan': 'gold',
    })
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
    expect(attribute((await stored(username)).UserAttributes, 'custom:plan')).toBe('gold')
  })

  it('a missing required attribute is filled; one that has a value is not modified; other attributes need write permission', async () => {
    const named = await invite([{ Name: 'name', Value: 'Given By Admin' }])
    await expect(
      respond(openClient, named, await challenge(openClient, named), { name: 'Someone Else' }),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Cannot modify an already provided name',
    })
    expect(attribute((await stored(named)).UserAttributes, 'name')).toBe('Given By Admin')

    const unnamed = await invite([{ Name: 'email', Value: 'unnamed@example.com' }])
    const session = await challenge(narrowClient, unnamed)
    // given_name is not among the client's WriteAttributes.
    await expect(
      respond(narrowClient, unnamed, session, { name: 'Una Named', given_name: 'Una' }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'A client attempted to write unauthorized attribute given_name',
    })
    // name is required and missing: the challenge asks for it, whatever the client may write.
    const done = await respond(narrowClient, unnamed, session, { name: 'Una Named' })
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
    const user = await stored(unnamed)
    expect(user.UserStatus).toBe('CONFIRMED')
    expect(attribute(user.UserAttributes, 'name')).toBe('Una Named')
    expect(attribute(user.UserAttributes, 'given_name')).toBeUndefined()
  })

  it('AdminRespondToAuthChallenge: a new email is unverified, as after any user write', async () => {
    const username = await invite([
      { Name: 'name', Value: 'Vera Verified' },
      { Name: 'email', Value: 'vera@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ])
    const first = await adminClient().send(
      new AdminInitiateAuthCommand({
        UserPoolId: poolId,
        ClientId: openClient,
        AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: TEMPORARY },
      }),
    )
    expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED')
    const answer = (attributes: Record<string, string>) =>
      adminClient().send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: poolId,
          ClientId: openClient,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: first.Session,
          ChallengeResponses: {
            USERNAME: username,
            NEW_PASSWORD: CHOSEN,
            ...Object.fromEntries(
              Object.entries(attributes).map(([name, value]) => [`userAttributes.${name}`, value]),
            ),
          },
        }),
      )
    await expect(
      answer({ email: 'someone-else@example.com', email_verified: 'true' }),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    const done = await answer({ email: 'someone-else@example.com' })
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy()
    const user = await stored(username)
    expect(attribute(user.UserAttributes, 'email')).toBe('someone-else@example.com')
    expect(attribute(user.UserAttributes, 'email_verified')).toBe('false')
  })

  describe('the hosted UI new-password page', () => {
    const pkceChallenge = () =>
      createHash('sha256').update(randomBytes(32).toString('base64url')).digest('base64url')

    /** Signs in on the hosted form with the temporary password; returns the new-password form's state. */
    async function newPasswordForm(username: string) {
      const params = {
        client_id: hostedClient,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'openid',
        state: 'np',
        code_challenge: pkceChallenge(),
        code_challenge_method: 'S256',
      }
      const login = await fetch(`${endpoint()}/login?${new URLSearchParams(params)}`)
      expect(login.status).toBe(200)
      const cookie = login.headers
        .getSetCookie()
        .find((c) => c.startsWith('__Host-pcl-csrf='))!
        .split(';')[0]!
      const csrf = cookie.split('=')[1]!
      const post = (path: string, form: Record<string, string>) =>
        fetch(`${endpoint()}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie,
            origin: endpoint(),
          },
          body: new URLSearchParams({ ...params, _csrf: csrf, ...form }),
        })
      const page = await post('/login', { username, password: TEMPORARY })
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('action="/login/new-password"')
      const session = /name="session" value="([^"]+)"/.exec(html)![1]!
      return (attributes: Record<string, string>) =>
        post('/login/new-password', {
          session,
          new_password: CHOSEN,
          ...Object.fromEntries(
            Object.entries(attributes).map(([name, value]) => [`userAttributes.${name}`, value]),
          ),
        })
    }

    it('refuses a verified flag and an overwritten immutable attribute, then completes with the required one', async () => {
      const username = await invite([
        { Name: 'email', Value: 'hosted-invitee@example.com' },
        { Name: 'custom:tenant', Value: 'acme' },
      ])
      const submit = await newPasswordForm(username)
      const forged = await submit({ name: 'Hana Hosted', email_verified: 'true' })
      expect(forged.status).toBe(400)
      expect(await forged.text()).toContain(
        'A client attempted to write unauthorized attribute email_verified',
      )
      const overwritten = await submit({ name: 'Hana Hosted', 'custom:tenant': 'globex' })
      expect(overwritten.status).toBe(400)
      expect(await overwritten.text()).toContain('Attribute cannot be updated. custom:tenant')
      let user = await stored(username)
      expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD')
      expect(attribute(user.UserAttributes, 'email_verified')).not.toBe('true')
      expect(attribute(user.UserAttributes, 'custom:tenant')).toBe('acme')

      const done = await submit({ name: 'Hana Hosted' })
      expect(done.status).toBe(303)
      const landed = new URL(done.headers.get('location')!)
      expect(`${landed.origin}${landed.pathname}`).toBe(REDIRECT)
      expect(landed.searchParams.get('code')).toBeTruthy()
      user = await stored(username)
      expect(user.UserStatus).toBe('CONFIRMED')
      expect(attribute(user.UserAttributes, 'name')).toBe('Hana Hosted')
      expect(attribute(user.UserAttributes, 'email_verified')).not.toBe('true')
      expect(attribute(user.UserAttributes, 'custom:tenant')).toBe('acme')
    })
  })
})
