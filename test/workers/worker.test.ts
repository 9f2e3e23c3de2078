import { SignatureV4 } from '@smithy/signature-v4'
import { env, exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'

const ORIGIN = 'http://portcullis.test'
const TARGET = 'AWSCognitoIdentityProviderService.'

type Bytes = string | ArrayBuffer | ArrayBufferView

const bytes = (data: Bytes): Uint8Array<ArrayBuffer> =>
  typeof data === 'string'
    ? new TextEncoder().encode(data).slice()
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
      : new Uint8Array(data).slice()

/** The body as JSON (Response.json() warns about the x-amz-json content type in workerd). */
const json = async (response: Response): Promise<unknown> =>
  JSON.parse(new TextDecoder().decode(await response.arrayBuffer()))

/** SHA-256 and HMAC-SHA256 from WebCrypto, in the shape the AWS signer expects (no Node here). */
class WebCryptoSha256 {
  private readonly chunks: Uint8Array[] = []
  constructor(private readonly secret?: Bytes) {}
  update(data: Bytes): void {
    this.chunks.push(bytes(data))
  }
  async digest(): Promise<Uint8Array> {
    const data = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0))
    let offset = 0
    for (const chunk of this.chunks) {
      data.set(chunk, offset)
      offset += chunk.length
    }
    if (this.secret === undefined)
      return new Uint8Array(await crypto.subtle.digest('SHA-256', data))
    const key = await crypto.subtle.importKey(
      'raw',
      bytes(this.secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    return new Uint8Array(await crypto.subtle.sign('HMAC', key, data))
  }
  reset(): void {
    this.chunks.length = 0
  }
}

/** Calls a JSON API operation through the Worker's fetch handler, signed as the AWS SDK would. */
async function call(
  operation: string,
  input: object,
  credentials?: { accessKeyId: string; secretAccessKey: string },
): Promise<Response> {
  const body = JSON.stringify(input)
  const headers: Record<string, string> = {
    host: 'portcullis.test',
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': TARGET + operation,
  }
  const request = {
    method: 'POST',
    protocol: 'http:',
    hostname: 'portcullis.test',
    path: '/',
    headers,
    body,
  }
  const signed = credentials
    ? await new SignatureV4({
        service: 'cognito-idp',
        region: 'us-east-1',
        sha256: WebCryptoSha256,
        credentials,
      }).sign(request)
    : request
  return exports.default.fetch(`${ORIGIN}/`, { method: 'POST', headers: signed.headers, body })
}

const testAdmin = () => {
  const [accessKeyId, secretAccessKey] = env.ADMIN_KEYS!.split(':') as [string, string]
  return { accessKeyId, secretAccessKey }
}

describe('the Worker inside workerd', () => {
  it('answers /health', async () => {
    const response = await exports.default.fetch(`${ORIGIN}/health`)
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('answers the JSON API without X-Amz-Target with UnknownOperationException', async () => {
    const response = await exports.default.fetch(`${ORIGIN}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    })
    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
    expect(await json(response)).toMatchObject({ __type: 'UnknownOperationException' })
  })

  it('refuses an unsigned admin operation', async () => {
    const response = await call('CreateUserPool', { PoolName: 'x' })
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException')
    expect(await json(response)).toMatchObject({ __type: 'MissingAuthenticationTokenException' })
  })

  it('runs with the test secrets from the pool config, not a local .dev.vars', async () => {
    expect(env.ADMIN_KEYS).toMatch(/^AKIAWORKERSTEST00000:/)
    expect(env.PASSWORD_PEPPER).toBe('workers-test-pepper')
    expect(Object.keys(env)).not.toContain('DEMO_PASSWORD')
    const created = await call('CreateUserPool', { PoolName: 'workers-pool' }, testAdmin())
    expect(created.status).toBe(200)
    const { UserPool } = (await json(created)) as { UserPool: { Id: string; Name: string } }
    expect(UserPool.Name).toBe('workers-pool')
    const described = await call('DescribeUserPool', { UserPoolId: UserPool.Id }, testAdmin())
    expect(await json(described)).toMatchObject({
      UserPool: { Id: UserPool.Id, Name: 'workers-pool' },
    })
    const forged = await call(
      'DescribeUserPool',
      { UserPoolId: UserPool.Id },
      { ...testAdmin(), secretAccessKey: 'not-the-secret' },
    )
    expect(await json(forged)).toMatchObject({ __type: 'InvalidSignatureException' })
  })

  it('lists a user whose name is beyond the Basic Multilingual Plane', async () => {
    const created = (await json(
      await call('CreateUserPool', { PoolName: 'emoji-pool' }, testAdmin()),
    )) as { UserPool: { Id: string } }
    const UserPoolId = created.UserPool.Id
    for (const Username of ['plain', '\u{1F600}smile'])
      expect(
        (
          await call(
            'AdminCreateUser',
            { UserPoolId, Username, MessageAction: 'SUPPRESS' },
            testAdmin(),
          )
        ).status,
      ).toBe(200)
    const listed = (await json(await call('ListUsers', { UserPoolId }, testAdmin()))) as {
      Users: Array<{ Username: string }>
    }
    expect(listed.Users.map((user) => user.Username).sort()).toEqual(
      ['plain', '\u{1F600}smile'].sort(),
    )
  })
})
