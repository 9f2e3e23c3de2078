import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import { IAMClient } from '@aws-sdk/client-iam'
import type { MetadataBearer, MiddlewareStack } from '@smithy/types'
import { Readable } from 'node:stream'
import { AUTH, TEST_ADMIN_KEY, type TestApp } from './app'

interface SdkRequest {
  protocol: string
  hostname: string
  port?: number
  path: string
  method: string
  query?: Record<string, string | string[] | null>
  headers: Record<string, string>
  body?: unknown
}

/** An SDK request handler that hands each request to `app.fetch` instead of the network. */
function inProcessHandler(app: TestApp) {
  return {
    async handle(request: SdkRequest) {
      const query = new URLSearchParams(request.query as Record<string, string>).toString()
      const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${query ? `?${query}` : ''}`
      const response = await app.fetch(url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined ? { body: request.body as string } : {}),
      })
      const body = new Uint8Array(await response.arrayBuffer())
      return {
        response: {
          statusCode: response.status,
          headers: Object.fromEntries(response.headers),
          body: Readable.from([Buffer.from(body)]),
        },
      }
    },
  }
}

/** Makes a client sign on the app's clock, wherever a test has moved it. */
function onAppClock<C extends CognitoIdentityProviderClient | IAMClient>(
  client: C,
  app: TestApp,
): C {
  const stack = client.middlewareStack as MiddlewareStack<object, MetadataBearer>
  stack.add(
    (next) => async (args) => {
      client.config.systemClockOffset = app.now() - Date.now()
      return next(args)
    },
    { step: 'build', name: 'injectedClock' },
  )
  return client
}

/**
 * The unmodified AWS SDK client talking to the in-process Worker: its requests (signed with the
 * test admin key, on the app's injected clock) are handed to `app.fetch` instead of the network.
 */
export function sdkClient(app: TestApp): CognitoIdentityProviderClient {
  const client = new CognitoIdentityProviderClient({
    endpoint: AUTH,
    region: 'us-east-1',
    credentials: TEST_ADMIN_KEY,
    maxAttempts: 1,
    requestHandler: inProcessHandler(app),
  })
  return onAppClock(client, app)
}

/** The unmodified IAM client on the in-process Worker, like `sdkClient`; other keys if given. */
export function iamClient(
  app: TestApp,
  credentials: { accessKeyId: string; secretAccessKey: string } = TEST_ADMIN_KEY,
): IAMClient {
  const client = new IAMClient({
    endpoint: AUTH,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    requestHandler: inProcessHandler(app),
  })
  return onAppClock(client, app)
}
