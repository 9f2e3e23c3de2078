import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  GetUserCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  publicClient,
} from '../support/clients'
import { CookieJar, signInThroughGateway } from '../../support/cookie-jar'
import { freePort, startWorker, type RunningWorker } from '../support/worker'

const PASSWORD = 'Logout-Pass-42'

/**
 * Logging out of the gateway ends the session for good: a copy of the cookie (taken from the
 * browser, a proxy log, a shared machine) opens nothing afterwards, and the refresh token is
 * revoked at the provider (RFC 7009), so the tokens it issued stop working there too.
 */
describe('security review 14: gateway logout ends the session everywhere', () => {
  let origin: Server
  let gateway: RunningWorker
  let lastToken: string | undefined

  beforeAll(async () => {
    const originPort = await freePort()
    origin = createServer((request, response) => {
      lastToken = String(request.headers['x-amzn-oidc-accesstoken'] ?? '')
      response.writeHead(200).end('the app')
    })
    await new Promise<void>((resolve) => origin.listen(originPort, '127.0.0.1', resolve))
    const poolId = await createPool()
    const { clientId } = await createAppClient(poolId, {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'aws.cognito.signin.user.admin'],
      CallbackURLs: ['http://localhost/_gateway/callback'],
      SupportedIdentityProviders: ['COGNITO'],
    })
    await adminClient().send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'leaver',
        MessageAction: 'SUPPRESS',
      }),
    )
    await adminClient().send(
      new AdminSetUserPasswordCommand({
        UserPoolId: poolId,
        Username: 'leaver',
        Password: PASSWORD,
        Permanent: true,
      }),
    )
    gateway = await startWorker({
      vars: {
        GATEWAY_CONFIG: JSON.stringify({
          providers: {
            web: {
              issuer: `${endpoint()}/${poolId}`,
              clientIds: [clientId],
              scopes: ['openid', 'aws.cognito.signin.user.admin'],
            },
          },
          routes: [
            {
              path: '/app/*',
              origin: `http://127.0.0.1:${originPort}`,
              provider: 'web',
              unauthenticated: 'authenticate',
            },
          ],
        }),
      },
    })
  })

  afterAll(async () => {
    await gateway?.stop()
    await new Promise((resolve) => origin?.close(resolve))
  })

  it('refuses a copied session cookie after logout, and the provider refuses its tokens', async () => {
    const jar = new CookieJar()
    const page = `${gateway.appEndpoint}/app/page`
    await signInThroughGateway(jar, page, 'leaver', PASSWORD)
    const copy = jar.copy()
    expect((await copy.fetch(page)).status).toBe(200)
    const accessToken = lastToken!
    await publicClient().send(new GetUserCommand({ AccessToken: accessToken }))

    const logout = await jar.fetch(`${gateway.appEndpoint}/_gateway/logout`)
    expect(logout.status).toBe(303)
    // The copy names a session that no longer exists: back to sign-in, never to the app.
    const afterwards = await copy.fetch(page)
    expect(afterwards.status).toBe(303)
    expect(afterwards.headers.get('location')).toContain('/oauth2/authorize')
    // Revoked at the provider: the access token issued with the refresh token is refused too.
    await expect(
      publicClient().send(new GetUserCommand({ AccessToken: accessToken })),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
    })
  })
})
