import { createServer, type Server } from 'node:http'
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SignUpCommand,
  UserLambdaValidationException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider'
import Provider from 'oidc-provider'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callbackServer } from './support/callback-server'
import { launchChromium } from './support/browser'
import type { OutboxMessage } from './support/clients'
import { adminClient, publicClient } from './support/clients'
import { functionArn, startWorkerWithTriggers } from './support/trigger-functions'
import { freePort, type RunningWorker } from './support/worker'

const PASSWORD = 'Trigger-Test-Pass-42'

/**
 * The sign-up, confirmation and message triggers over a service binding, with the unmodified AWS
 * SDK: the functions (test/e2e/fixtures/triggers/functions) refuse `blocked-` names at pre sign-up,
 * fail post confirmation for names containing `crm-down`, and write their own sign-up and invitation emails.
 */
describe('sign-up triggers in a bound Worker, with the AWS SDK', () => {
  let worker: RunningWorker
  let admin: CognitoIdentityProviderClient
  let user: CognitoIdentityProviderClient
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    worker = await startWorkerWithTriggers()
    admin = adminClient(worker)
    user = publicClient(worker)
    const pool = await admin.send(
      new CreateUserPoolCommand({
        PoolName: 'signup-triggers',
        AutoVerifiedAttributes: ['email'],
        // CustomMessage may write email text only where the pool sends its own email (guide).
        EmailConfiguration: {
          EmailSendingAccount: 'DEVELOPER',
          SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/example.com',
        },
        LambdaConfig: {
          PreSignUp: functionArn('preSignUp'),
          PostConfirmation: functionArn('postConfirmation'),
          CustomMessage: functionArn('customMessage'),
        },
      }),
    )
    poolId = pool.UserPool!.Id!
    const client = await admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }),
    )
    clientId = client.UserPoolClient!.ClientId!
  })
  afterAll(() => worker?.stop())

  const messagesTo = async (username: string): Promise<OutboxMessage[]> => {
    const response = await fetch(`${worker.endpoint}/_dev/outbox/${poolId}`)
    const { messages } = (await response.json()) as { messages: OutboxMessage[] }
    return messages.filter((m) => m.username === username)
  }
  const signUp = (Username: string) =>
    user.send(
      new SignUpCommand({
        ClientId: clientId,
        Username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }],
      }),
    )
  const status = async (Username: string) =>
    (await admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username }))).UserStatus

  it('AdminCreateUser: a pre sign-up refusal is UserLambdaValidationException and no user', async () => {
    const refusal = await admin
      .send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: 'blocked-admin',
          UserAttributes: [{ Name: 'email', Value: 'blocked-admin@example.com' }],
        }),
      )
      .catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(UserLambdaValidationException)
    expect((refusal as Error).message).toBe(
      'PreSignUp failed with error Sign-ups as blocked-admin are closed.',
    )
    await expect(status('blocked-admin')).rejects.toBeInstanceOf(UserNotFoundException)
    expect(await messagesTo('blocked-admin')).toEqual([])
  })

  it('AdminCreateUser: the invitation is the custom message, {username} and {####} filled in', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'invited',
        UserAttributes: [
          { Name: 'email', Value: 'invited@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
        DesiredDeliveryMediums: ['EMAIL'],
      }),
    )
    const [invitation] = await messagesTo('invited')
    expect(invitation?.body).toBe(
      `CustomMessage_AdminCreateUser: sign in as invited with ${invitation?.code}`,
    )
  })

  it('SignUp: the confirmation code comes in the custom message', async () => {
    await signUp('written')
    const [message] = await messagesTo('written')
    expect(message).toMatchObject({
      subject: 'Welcome aboard',
      body: `CustomMessage_SignUp: your code is ${message?.code}`,
    })
  })

  it('AdminUpdateUserAttributes: a custom message refusal is the caller’s error; nothing changes', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'moving',
        UserAttributes: [
          { Name: 'email', Value: 'moving@example.com' },
          { Name: 'email_verified', Value: 'true' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    )
    const refusal = await admin
      .send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: poolId,
          Username: 'moving',
          UserAttributes: [{ Name: 'email', Value: 'moving@refused.example' }],
        }),
      )
      .catch((error: unknown) => error)
    expect(refusal).toBeInstanceOf(UserLambdaValidationException)
    expect((refusal as Error).message).toBe(
      'CustomMessage failed with error No messages to moving@refused.example.',
    )
    const kept = await admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: 'moving' }),
    )
    expect(kept.UserAttributes).toContainEqual({ Name: 'email', Value: 'moving@example.com' })
    expect(await messagesTo('moving')).toEqual([])
  })

  it('ConfirmSignUp: a failing post confirmation is the client’s error; the user stays confirmed', async () => {
    await signUp('crm-down-ana')
    const [message] = await messagesTo('crm-down-ana')
    const failure = await user
      .send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: 'crm-down-ana',
          ConfirmationCode: message!.code!,
        }),
      )
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(UserLambdaValidationException)
    expect((failure as Error).message).toBe(
      'PostConfirmation failed with error Could not record crm-down-ana (PostConfirmation_ConfirmSignUp).',
    )
    expect(await status('crm-down-ana')).toBe('CONFIRMED')
  })

  it('AdminConfirmSignUp and an auto-confirmed SignUp also run post confirmation', async () => {
    await signUp('crm-down-bo')
    await expect(
      admin.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'crm-down-bo' })),
    ).rejects.toBeInstanceOf(UserLambdaValidationException)
    expect(await status('crm-down-bo')).toBe('CONFIRMED')
    // `auto-` names are auto-confirmed by pre sign-up; this one then fails post confirmation.
    const refused = await signUp('auto-crm-down').catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(UserLambdaValidationException)
    expect(await status('auto-crm-down')).toBe('CONFIRMED')
  })

  it('hosted sign-up shows a pre sign-up refusal on the page, in the function’s words', async () => {
    const client = await admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'hosted',
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['http://127.0.0.1/callback'],
      }),
    )
    const query = new URLSearchParams({
      client_id: client.UserPoolClient!.ClientId!,
      response_type: 'code',
      scope: 'openid',
      redirect_uri: 'http://127.0.0.1/callback',
      state: 'hosted',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    })
    const browser = await launchChromium()
    try {
      const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage()
      const response = await page.goto(`${worker.endpoint}/signup?${query}`)
      expect(response?.status()).toBe(200)
      await page.getByLabel('Username').fill('blocked-hosted')
      await page.getByLabel('Password').fill(PASSWORD)
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Sign up' }).click(),
      ])
      expect(answer.status()).toBe(400)
      expect(await page.getByRole('alert').textContent()).toContain(
        'PreSignUp failed with error Sign-ups as blocked-hosted are closed.',
      )
      // The sign-up form again, so the user can change what the function refused.
      expect(await page.getByLabel('Username').isVisible()).toBe(true)
    } finally {
      await browser.close()
    }
    await expect(status('blocked-hosted')).rejects.toBeInstanceOf(UserNotFoundException)
  })

  /**
   * First federated sign-ins through panva's oidc-provider upstream (a real OIDC provider run
   * locally): pre sign-up refuses `blocked-` subjects (mapped to preferred_username), inbound
   * federation rewrites `name`, and post confirmation fails for `crm-down` subjects.
   */
  describe('federated sign-in', () => {
    let upstream: Server
    let browser: Browser
    let callback: Awaited<ReturnType<typeof callbackServer>>
    let fedPoolId: string
    let fedClientId: string

    beforeAll(async () => {
      browser = await launchChromium()
      callback = await callbackServer()
      const port = await freePort()
      const issuer = `http://127.0.0.1:${port}`
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: 'portcullis-broker',
            client_secret: 'broker-secret',
            redirect_uris: [`${worker.endpoint}/oauth2/idpresponse`],
            grant_types: ['authorization_code'],
            response_types: ['code'],
          },
        ],
        findAccount: async (_context: unknown, id: string) => ({
          accountId: id,
          claims: async () => ({ sub: id, email: `${id}@example.com`, name: `Name of ${id}` }),
        }),
        claims: { openid: ['sub'], email: ['email'], profile: ['name'] },
        pkce: { required: () => true },
        features: { devInteractions: { enabled: true } },
      })
      upstream = createServer(provider.callback())
      await new Promise<void>((resolve) => upstream.listen(port, '127.0.0.1', resolve))
      const pool = await admin.send(
        new CreateUserPoolCommand({
          PoolName: 'federated-triggers',
          LambdaConfig: {
            PreSignUp: functionArn('preSignUp'),
            PostConfirmation: functionArn('postConfirmation'),
            PreAuthentication: functionArn('preAuthentication'),
            PostAuthentication: functionArn('postAuthentication'),
            InboundFederation: {
              LambdaArn: functionArn('inboundFederation'),
              LambdaVersion: 'V1_0',
            },
          },
        }),
      )
      fedPoolId = pool.UserPool!.Id!
      await admin.send(
        new CreateIdentityProviderCommand({
          UserPoolId: fedPoolId,
          ProviderName: 'Upstream',
          ProviderType: 'OIDC',
          ProviderDetails: {
            client_id: 'portcullis-broker',
            client_secret: 'broker-secret',
            authorize_scopes: 'openid email profile',
            oidc_issuer: issuer,
            attributes_request_method: 'GET',
          },
          AttributeMapping: { email: 'email', name: 'name', preferred_username: 'sub' },
        }),
      )
      const client = await admin.send(
        new CreateUserPoolClientCommand({
          UserPoolId: fedPoolId,
          ClientName: 'federated',
          AllowedOAuthFlows: ['code'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes: ['openid'],
          CallbackURLs: [`${callback.base}/callback`],
          SupportedIdentityProviders: ['Upstream'],
        }),
      )
      fedClientId = client.UserPoolClient!.ClientId!
    })
    afterAll(async () => {
      await browser?.close()
      await callback?.close()
      await new Promise((resolve) => upstream?.close(resolve))
    })

    /** Signs `login` in upstream and returns the URL Portcullis sent the browser back to. */
    async function federate(login: string): Promise<URL> {
      const query = new URLSearchParams({
        client_id: fedClientId,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: `${callback.base}/callback`,
        state: 'fed',
        identity_provider: 'Upstream',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })
      const context = await browser.newContext()
      await context.route(/^https:\/\/fonts\./, (route) => route.abort())
      const page = await context.newPage()
      await page.goto(`${worker.endpoint}/oauth2/authorize?${query}`)
      await page.locator('input[name="login"]').fill(login)
      await page.locator('input[name="password"]').fill('any password')
      await page.getByRole('button', { name: 'Sign-in' }).click()
      await Promise.all([
        page.waitForURL(`${callback.base}/callback**`),
        page.getByRole('button', { name: 'Continue' }).click(),
      ])
      const url = new URL(page.url())
      await context.close()
      return url
    }
    const fedUser = (Username: string) =>
      admin.send(new AdminGetUserCommand({ UserPoolId: fedPoolId, Username }))

    it('inbound federation’s attributes are the ones mapped onto the new user', async () => {
      const back = await federate('fed-ana')
      expect(back.searchParams.get('code')).toBeTruthy()
      const stored = await fedUser('Upstream_fed-ana')
      expect(stored.UserStatus).toBe('EXTERNAL_PROVIDER')
      expect(stored.UserAttributes?.find((a) => a.Name === 'name')?.Value).toBe(
        'OIDC/Upstream/Name of fed-ana',
      )
    })

    it('a pre sign-up refusal comes back to the app as error_description, and no user is made', async () => {
      const back = await federate('blocked-fed')
      expect(back.searchParams.get('error')).toBe('invalid_request')
      expect(back.searchParams.get('error_description')).toBe(
        'PreSignUp failed with error Sign-ups as blocked-fed are closed.',
      )
      expect(back.searchParams.get('state')).toBe('fed')
      await expect(fedUser('Upstream_blocked-fed')).rejects.toBeInstanceOf(UserNotFoundException)
    })

    it('pre sign-up may verify the provider’s email; the user stays EXTERNAL_PROVIDER', async () => {
      // `auto-` names are auto-confirmed and their email auto-verified by the pre sign-up function.
      expect((await federate('auto-fed')).searchParams.get('code')).toBeTruthy()
      const stored = await fedUser('Upstream_auto-fed')
      expect(stored.UserStatus).toBe('EXTERNAL_PROVIDER')
      expect(stored.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' })
    })

    it('post authentication runs on every federated sign-in; its refusal sends no code', async () => {
      const back = await federate('review-fed')
      expect(back.searchParams.get('code')).toBeNull()
      expect(back.searchParams.get('error')).toBe('invalid_request')
      expect(back.searchParams.get('error_description')).toBe(
        'PostAuthentication failed with error Upstream_review-fed is under review.',
      )
      // The user was made before the sign-in was refused, as Cognito makes it.
      expect((await fedUser('Upstream_review-fed')).UserStatus).toBe('EXTERNAL_PROVIDER')
    })

    it('post confirmation runs on the first sign-in; its failure is reported, the user is kept', async () => {
      const back = await federate('crm-down-fed')
      expect(back.searchParams.get('error_description')).toBe(
        'PostConfirmation failed with error Could not record Upstream_crm-down-fed (PostConfirmation_ConfirmSignUp).',
      )
      expect((await fedUser('Upstream_crm-down-fed')).UserStatus).toBe('EXTERNAL_PROVIDER')
      // The next sign-in is no first sign-in: it goes through.
      expect((await federate('crm-down-fed')).searchParams.get('code')).toBeTruthy()
    })
  })
})
