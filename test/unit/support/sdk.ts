import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity'
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import { CognitoSyncClient } from '@aws-sdk/client-cognito-sync'
import { S3Client } from '@aws-sdk/client-s3'
import { IAMClient } from '@aws-sdk/client-iam'
import { KMS } from '@aws-sdk/client-kms'
import { STSClient } from '@aws-sdk/client-sts'
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
function inProcess(app: TestApp) {
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

/** Signs on the app's clock, wherever a test has moved it. */
function onAppClock(client: { config: { systemClockOffset?: number } }, app: TestApp) {
  return <A, R>(next: (args: A) => Promise<R>) =>
    async (args: A) => {
      client.config.systemClockOffset = app.now() - Date.now()
      return next(args)
    }
}

const CLOCK_STEP = { step: 'build', name: 'injectedClock' } as const

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

/**
 * What every SDK client on the in-process Worker is built with: the Worker's origin (or
 * `endpoint`), us-east-1 (or `region`), the test admin key (or `credentials`), no retries, and
 * requests handed to `app.fetch`.
 */
function onWorker(
  app: TestApp,
  options: { endpoint?: string; region?: string; credentials?: Credentials } = {},
) {
  return {
    endpoint: options.endpoint ?? AUTH,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? TEST_ADMIN_KEY,
    maxAttempts: 1,
    requestHandler: inProcess(app),
  }
}

/**
 * The unmodified AWS SDK client talking to the in-process Worker: its requests (signed with the
 * test admin key, on the app's injected clock) are handed to `app.fetch` instead of the network.
 */
export function sdkClient(app: TestApp): CognitoIdentityProviderClient {
  const client = new CognitoIdentityProviderClient(onWorker(app))
  client.middlewareStack.add(onAppClock(client, app), CLOCK_STEP)
  return client
}

/** The unmodified identity-pools SDK client on the in-process Worker, as `sdkClient`. */
export function identitySdkClient(
  app: TestApp,
  options: { endpoint?: string } = {},
): CognitoIdentityClient {
  const client = new CognitoIdentityClient(onWorker(app, options))
  client.middlewareStack.add(onAppClock(client, app), CLOCK_STEP)
  return client
}

/**
 * The unmodified S3 client (path style, under the route's mount) talking to an in-process fetch:
 * its streamed bodies are handed over as streams, so aws-chunked uploads arrive as they would.
 */
export function s3Client(
  fetchApp: (url: string, init?: RequestInit) => Promise<Response>,
  now: () => number,
  options: {
    endpoint: string
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  },
): S3Client {
  const client = new S3Client({
    endpoint: options.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: options.credentials ?? TEST_ADMIN_KEY,
    maxAttempts: 1,
    requestHandler: {
      async handle(request: {
        protocol: string
        hostname: string
        port?: number
        path: string
        method: string
        query?: Record<string, string | string[] | null>
        headers: Record<string, string>
        body?: unknown
      }) {
        const search = new URLSearchParams()
        for (const [k, v] of Object.entries(request.query ?? {}))
          for (const item of Array.isArray(v) ? v : [v]) search.append(k, item ?? '')
        const query = search.toString().replace(/\+/g, '%20')
        const url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${query ? `?${query}` : ''}`
        const body = request.body
        const init: RequestInit & { duplex?: 'half' } = {
          method: request.method,
          headers: request.headers,
        }
        if (body instanceof Readable) {
          init.body = Readable.toWeb(body) as ReadableStream
          init.duplex = 'half'
        } else if (body !== undefined && body !== null) init.body = body as BodyInit
        const response = await fetchApp(url, init)
        const bytes = new Uint8Array(await response.arrayBuffer())
        return {
          response: {
            statusCode: response.status,
            headers: Object.fromEntries(response.headers),
            body: Readable.from([Buffer.from(bytes)]),
          },
        }
      },
    },
  })
  client.middlewareStack.add(
    (next) => async (args) => {
      client.config.systemClockOffset = now() - Date.now()
      return next(args)
    },
    { step: 'build', name: 'injectedClock' },
  )
  return client
}

/** The unmodified IAM client on the in-process Worker, like `sdkClient`; other keys if given. */
export function iamClient(
  app: TestApp,
  credentials: { accessKeyId: string; secretAccessKey: string } = TEST_ADMIN_KEY,
): IAMClient {
  const client = new IAMClient(onWorker(app, { credentials }))
  client.middlewareStack.add(onAppClock(client, app), CLOCK_STEP)
  return client
}

/**
 * The unmodified STS client on the in-process Worker, like `sdkClient`, at `endpoint` (the root by
 * default; `${AUTH}/sts/` for STS's own path). AssumeRoleWithWebIdentity goes unsigned as the SDK
 * sends it.
 */
export function stsClient(
  app: TestApp,
  options: {
    endpoint?: string
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  } = {},
): STSClient {
  const client = new STSClient(onWorker(app, options))
  client.middlewareStack.add(onAppClock(client, app), CLOCK_STEP)
  return client
}

/**
 * The unmodified KMS client on the in-process Worker, like `sdkClient`: the aggregated `KMS`
 * class, whose methods (`kms.decrypt(...)`) are what the Encryption SDK's KMS keyring calls.
 */
export function kmsClient(
  app: TestApp,
  options: { region?: string; credentials?: { accessKeyId: string; secretAccessKey: string } } = {},
): KMS {
  const client = new KMS(onWorker(app, options))
  client.middlewareStack.add(onAppClock(client, app), CLOCK_STEP)
  return client
}

/**
 * The unmodified Cognito Sync client on the in-process Worker, like `sdkClient`: signed with the
 * admin key, or with an identity's session credentials; at `endpoint` (the root by default,
 * `${AUTH}/sync` for the prefixed paths).
 */
export function syncClient(
  app: TestApp,
  options: {
    endpoint?: string
    credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  } = {},
): CognitoSyncClient {
  const client = new CognitoSyncClient(onWorker(app, options))
  client.middlewareStack.add(onAppClock(client, app), CLOCK_STEP)
  return client
}
