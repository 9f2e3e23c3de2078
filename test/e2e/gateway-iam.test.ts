import { fromCognitoIdentityPool } from '@aws-sdk/credential-providers'
import { SignatureV4 } from '@smithy/signature-v4'
import { decodeJwt } from 'jose'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NodeSha256 } from '../unit/support/node-sha256'
import {
  createRole,
  createUserPoolWithClient,
  identityPoolWithRoles,
  REGION,
  signedInUser,
  trustPolicyForPool,
  type UserPoolWithClient,
} from './support/identity-pool-fixture'
import { freePort, startWorker, type RunningWorker } from './support/worker'

type AwsCredentialIdentity = Awaited<ReturnType<ReturnType<typeof fromCognitoIdentityPool>>>

const ARN = `arn:aws:execute-api:${REGION}:000000000000:portcullis/$default`

interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/**
 * IAM-authorised gateway routes (API Gateway's AWS_IAM model) on a real Worker: credentials from
 * the SDK's `fromCognitoIdentityPool`, requests signed by `@smithy/signature-v4` for
 * `execute-api`, and a local HTTP origin that records what it receives.
 */
describe('aws_iam gateway routes to an HTTP origin (real worker, SDK credentials)', () => {
  let worker: RunningWorker
  let origin: Server
  const seen: Seen[] = []
  let identityPoolId: string
  let userPool: UserPoolWithClient
  const provider = () => userPool.provider

  /** A role for the pool's identities with an `amr` entry like `amr`, invoking `resources`. */
  const role = (poolId: string, name: string, amr: string, resources: string[]) =>
    createRole(worker, {
      name,
      trustPolicy: trustPolicyForPool(poolId, { amr }),
      policyName: 'api',
      statements: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resources }],
    })

  const signIn = (username: string) => signedInUser(worker, userPool, username)

  const credentialsFor = (logins?: Record<string, string>) =>
    fromCognitoIdentityPool({
      identityPoolId,
      ...(logins ? { logins } : {}),
      clientConfig: { region: REGION, endpoint: worker.endpoint, maxAttempts: 1 },
    })()

  const signer = (credentials: AwsCredentialIdentity) =>
    new SignatureV4({ service: 'execute-api', region: REGION, sha256: NodeSha256, credentials })

  const requestOf = (
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ) => {
    const url = new URL(worker.appEndpoint + path)
    return {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { host: url.host, ...headers },
      ...(body !== undefined ? { body } : {}),
    }
  }

  /** A fetch signed in the Authorization header, as an SDK-based client sends it. */
  async function signedFetch(
    credentials: AwsCredentialIdentity,
    method: string,
    path: string,
    options: { headers?: Record<string, string>; body?: string; tamper?: boolean } = {},
  ): Promise<Response> {
    const signed = await signer(credentials).sign(
      requestOf(method, path, options.headers ?? {}, options.body),
    )
    const headers = { ...(signed.headers as Record<string, string>) }
    delete headers.host
    if (options.tamper)
      headers.authorization = headers.authorization!.replace(/.$/, (c) => (c === '0' ? '1' : '0'))
    return fetch(worker.appEndpoint + path, {
      method,
      headers,
      ...(options.body !== undefined ? { body: options.body } : {}),
    })
  }

  const denial = async (response: Response) => ({
    status: response.status,
    type: response.headers.get('x-amzn-errortype'),
    message: ((await response.json()) as { message: string }).message,
  })

  beforeAll(async () => {
    const port = await freePort()
    origin = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      request.on('end', () => {
        seen.push({ method: request.method!, url: request.url!, headers: request.headers, body })
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"pets":[]}')
      })
    })
    await new Promise<void>((resolve) => origin.listen(port, '127.0.0.1', resolve))
    const config = {
      routes: [
        { path: '/pets/*', origin: `http://127.0.0.1:${port}`, authorization: 'aws_iam' },
        { path: '/owners/*', origin: `http://127.0.0.1:${port}`, authorization: 'aws_iam' },
      ],
    }
    worker = await startWorker({ vars: { GATEWAY_CONFIG: JSON.stringify(config) } })
    userPool = await createUserPoolWithClient(worker, { poolName: 'api', clientName: 'app' })
    identityPoolId = await identityPoolWithRoles(
      worker,
      userPool,
      { IdentityPoolName: 'api', AllowUnauthenticatedIdentities: true },
      async (poolId) => ({
        // The policy of the brief: read pets, nothing else.
        authenticated: await role(poolId, 'pets-readers', 'authenticated', [`${ARN}/GET/pets/*`]),
        unauthenticated: await role(poolId, 'pets-guests', 'unauthenticated', [
          `${ARN}/GET/pets/*`,
        ]),
      }),
    )
  }, 120_000)

  afterAll(async () => {
    await worker?.stop()
    await new Promise((resolve) => origin?.close(resolve))
  })

  it("lets a signed-in user's credentials through, and tells the origin who called", async () => {
    const idToken = await signIn('alice')
    const credentials = await credentialsFor({ [provider()]: idToken })
    // API Gateway's form: the user pool, then the user's sign-in to it.
    const authenticationProvider = `${provider()},${provider()}:CognitoSignIn:${decodeJwt(idToken).sub}`
    seen.length = 0
    const response = await signedFetch(credentials, 'GET', '/pets/rex?kind=dog')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ pets: [] })
    expect(seen).toHaveLength(1)
    const [request] = seen
    expect(request!.url).toBe('/pets/rex?kind=dog')
    expect(request!.headers).toMatchObject({
      'x-portcullis-identity-id': credentials.identityId,
      'x-portcullis-identity-pool-id': identityPoolId,
      'x-portcullis-cognito-authentication-type': 'authenticated',
      'x-portcullis-cognito-authentication-provider': authenticationProvider,
      'x-portcullis-access-key': credentials.accessKeyId,
      'x-portcullis-user-arn':
        'arn:aws:sts::000000000000:assumed-role/pets-readers/CognitoIdentityCredentials',
    })
    expect(JSON.parse(request!.headers['x-amzn-request-context'] as string)).toMatchObject({
      apiId: 'portcullis',
      stage: '$default',
      httpMethod: 'GET',
      path: '/pets/rex',
      identity: {
        cognitoIdentityId: credentials.identityId,
        cognitoAuthenticationProvider: authenticationProvider,
        accessKey: credentials.accessKeyId,
      },
    })
    expect(request!.headers.authorization).toBeUndefined()
    expect(request!.headers['x-amz-security-token']).toBeUndefined()
  })

  it('denies what the policy does not allow, before the origin sees it', async () => {
    const credentials = await credentialsFor({ [provider()]: await signIn('bob') })
    seen.length = 0
    const post = await signedFetch(credentials, 'POST', '/pets/rex', {
      headers: { 'content-type': 'application/json' },
      body: '{"name":"Rex"}',
    })
    expect(await denial(post)).toEqual({
      status: 403,
      type: 'AccessDeniedException',
      message: `User: arn:aws:sts::000000000000:assumed-role/pets-readers/CognitoIdentityCredentials is not authorized to perform: execute-api:Invoke on resource: ${ARN}/POST/pets/rex because no identity-based policy allows the execute-api:Invoke action`,
    })
    const owners = await signedFetch(credentials, 'GET', '/owners/ann')
    expect((await denial(owners)).type).toBe('AccessDeniedException')
    expect(seen).toHaveLength(0)
  })

  it('takes a presigned URL from a guest, and refuses it once changed', async () => {
    const credentials = await credentialsFor()
    seen.length = 0
    const presigned = await signer(credentials).presign(requestOf('GET', '/pets/?page=2', {}), {
      expiresIn: 300,
    })
    const url = `${worker.appEndpoint}/pets/?${new URLSearchParams(presigned.query as Record<string, string>)}`
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(seen[0]!.url).toBe('/pets/?page=2')
    expect(seen[0]!.headers['x-portcullis-cognito-authentication-type']).toBe('unauthenticated')
    expect(seen[0]!.headers['x-portcullis-identity-id']).toBe(credentials.identityId)
    const changed = await fetch(url.replace('page=2', 'page=3'))
    expect((await denial(changed)).type).toBe('InvalidSignatureException')
    expect(seen).toHaveLength(1)
  })

  it('answers a missing or tampered signature and an unknown session as API Gateway does', async () => {
    const credentials = await credentialsFor()
    seen.length = 0
    expect(await denial(await fetch(`${worker.appEndpoint}/pets/rex`))).toEqual({
      status: 403,
      type: 'MissingAuthenticationTokenException',
      message: 'Missing Authentication Token',
    })
    expect(
      await denial(await signedFetch(credentials, 'GET', '/pets/rex', { tamper: true })),
    ).toEqual({
      status: 403,
      type: 'InvalidSignatureException',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    })
    const other = await credentialsFor()
    const swapped = { ...credentials, sessionToken: other.sessionToken }
    expect(await denial(await signedFetch(swapped, 'GET', '/pets/rex'))).toEqual({
      status: 403,
      type: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    })
    expect(seen).toHaveLength(0)
  })

  it('strips identity headers a caller sends, however they are spelled', async () => {
    const credentials = await credentialsFor()
    seen.length = 0
    const response = await signedFetch(credentials, 'GET', '/pets/rex', {
      headers: {
        'x-portcullis-identity-id': `${REGION}:00000000-0000-0000-0000-000000000000`,
        'x-portcullis-cognito-authentication-type': 'authenticated',
        'x-amzn-request-context': '{"identity":{"cognitoIdentityId":"forged"}}',
        x_portcullis_user_arn: 'arn:aws:iam::000000000000:root',
      },
    })
    expect(response.status).toBe(200)
    const headers = seen[0]!.headers
    expect(headers['x-portcullis-identity-id']).toBe(credentials.identityId)
    expect(headers['x-portcullis-cognito-authentication-type']).toBe('unauthenticated')
    expect(headers.x_portcullis_user_arn).toBeUndefined()
    expect(JSON.parse(headers['x-amzn-request-context'] as string).identity.cognitoIdentityId).toBe(
      credentials.identityId,
    )
  })
})
