import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import * as oidc from 'openid-client'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { callbackServer } from '../support/callback-server'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  publicClient,
} from '../support/clients'
import {
  newContext,
  signInUpstream,
  startUpstream,
  type UpstreamProvider,
} from '../support/upstream-oidc'

const admin = adminClient()

/**
 * In a pool whose usernames are case-insensitive, the upstream subjects `Alice` and `alice` are
 * two people. Their users, `Upstream_Alice` and `Upstream_alice`, must stay two users everywhere a
 * user is found by name: sign-in, admin calls, groups, refresh tokens, the hosted-UI session.
 */
describe('security review 12: federated usernames are case-exact', () => {
  let browser: Browser
  let upstream: UpstreamProvider
  let callback: Awaited<ReturnType<typeof callbackServer>>
  let poolId: string
  let clientId: string
  let config: oidc.Configuration
  const contexts: BrowserContext[] = []

  beforeAll(async () => {
    browser = await launchChromium()
    callback = await callbackServer()
    upstream = await startUpstream()
    poolId = await createPool({ UsernameConfiguration: { CaseSensitive: false } })
    await admin.send(
      new CreateIdentityProviderCommand({
        UserPoolId: poolId,
        ProviderName: 'Upstream',
        ProviderType: 'OIDC',
        ProviderDetails: {
          client_id: upstream.clientId,
          client_secret: upstream.clientSecret,
          authorize_scopes: 'openid email profile',
          oidc_issuer: upstream.issuer,
        },
        AttributeMapping: { email: 'email', name: 'name' },
      }),
    )
    clientId = (
      await createAppClient(poolId, {
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
        CallbackURLs: ['http://127.0.0.1/callback'],
        SupportedIdentityProviders: ['COGNITO', 'Upstream'],
      })
    ).clientId
    config = await oidc.discovery(
      new URL(`${endpoint()}/${poolId}`),
      clientId,
      undefined,
      oidc.None(),
      { execute: [oidc.allowInsecureRequests] },
    )
  })

  afterAll(async () => {
    for (const context of contexts) await context.close()
    await browser?.close()
    await callback?.close()
    await upstream?.close()
  })

  /** One authorization in a browser context; signs in upstream as `login` when asked to. */
  async function signIn(context: BrowserContext, login?: string) {
    const verifier = oidc.randomPKCECodeVerifier()
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: `${callback.base}/callback`,
      scope: 'openid email aws.cognito.signin.user.admin',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: 'case',
      ...(login ? { identity_provider: 'Upstream' } : {}),
    })
    const page = await context.newPage()
    if (login) {
      await page.goto(url.href)
      await signInUpstream(page, upstream, login, (u) => u.href.startsWith(callback.base))
    } else {
      await Promise.all([page.waitForURL(`${callback.base}/callback**`), page.goto(url.href)])
    }
    const tokens = await oidc.authorizationCodeGrant(config, new URL(page.url()), {
      pkceCodeVerifier: verifier,
      expectedState: 'case',
    })
    await page.close()
    return tokens
  }

  const getUser = (Username: string) =>
    admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username }))
  const subOf = async (Username: string) =>
    (await getUser(Username)).UserAttributes?.find((a) => a.Name === 'sub')?.Value

  it('keeps Alice and alice apart from the first sign-in to every later lookup', async () => {
    const first = await newContext(browser)
    const second = await newContext(browser)
    contexts.push(first, second)
    const upper = await signIn(first, 'Alice')
    const lower = await signIn(second, 'alice')
    expect(upper.claims()?.['cognito:username']).toBe('Upstream_Alice')
    expect(lower.claims()?.['cognito:username']).toBe('Upstream_alice')
    expect(lower.claims()?.sub).not.toBe(upper.claims()?.sub)

    // Admin calls find each by its exact name, and no other spelling reaches either.
    expect(await subOf('Upstream_Alice')).toBe(upper.claims()?.sub)
    expect(await subOf('Upstream_alice')).toBe(lower.claims()?.sub)
    await expect(getUser('UPSTREAM_ALICE')).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
    const listed = await admin.send(new ListUsersCommand({ UserPoolId: poolId }))
    expect(listed.Users?.map((u) => u.Username).sort()).toEqual([
      'Upstream_Alice',
      'Upstream_alice',
    ])

    // Groups: a membership belongs to one of them only.
    await admin.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }))
    await admin.send(
      new AdminAddUserToGroupCommand({
        UserPoolId: poolId,
        Username: 'Upstream_Alice',
        GroupName: 'readers',
      }),
    )
    const members = await admin.send(
      new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }),
    )
    expect(members.Users?.map((u) => u.Username)).toEqual(['Upstream_Alice'])
    const lowerGroups = await admin.send(
      new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'Upstream_alice' }),
    )
    expect(lowerGroups.Groups).toEqual([])

    // Access tokens, refresh tokens (both doors) and the hosted-UI session find the right user.
    const me = await publicClient().send(new GetUserCommand({ AccessToken: lower.access_token }))
    expect(me.Username).toBe('Upstream_alice')
    const refreshed = await publicClient().send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: lower.refresh_token! },
      }),
    )
    const refreshedUser = await publicClient().send(
      new GetUserCommand({ AccessToken: refreshed.AuthenticationResult!.AccessToken! }),
    )
    expect(refreshedUser.Username).toBe('Upstream_alice')
    const viaToken = await oidc.refreshTokenGrant(config, upper.refresh_token!)
    expect(viaToken.claims()?.['cognito:username']).toBe('Upstream_Alice')
    expect((await signIn(second)).claims()?.['cognito:username']).toBe('Upstream_alice')
    expect((await signIn(first)).claims()?.['cognito:username']).toBe('Upstream_Alice')
    // A second sign-in of the same subject is the same user.
    const third = await newContext(browser)
    contexts.push(third)
    expect((await signIn(third, 'alice')).claims()?.sub).toBe(lower.claims()?.sub)

    // Deleting one leaves the other, memberships included.
    await admin.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'Upstream_Alice' }))
    await expect(getUser('Upstream_Alice')).rejects.toMatchObject({
      name: 'UserNotFoundException',
    })
    expect(await subOf('Upstream_alice')).toBe(lower.claims()?.sub)
    expect(
      (await admin.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers' })))
        .Users,
    ).toEqual([])
  })

  it('still folds the names of local users', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'Carol',
        MessageAction: 'SUPPRESS',
      }),
    )
    expect((await getUser('cArOl')).Username).toBe('Carol')
    await expect(
      admin.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'CAROL',
          MessageAction: 'SUPPRESS',
        }),
      ),
    ).rejects.toMatchObject({ name: 'UsernameExistsException' })
  })
})
