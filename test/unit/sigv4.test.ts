import { SignatureV4 } from '@smithy/signature-v4'
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifySigV4 } from '../../src/api/sigv4'
import {
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../../src/errors/cognito'

/** Node's crypto behind the Checksum interface the AWS signer expects. */
class NodeSha256 {
  private readonly hash: Hash | Hmac
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash =
      secret === undefined
        ? createHash('sha256')
        : createHmac(
            'sha256',
            typeof secret === 'string' ? secret : Buffer.from(secret as ArrayBuffer),
          )
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
  reset(): void {}
}

const KEY_ID = 'AKIATESTKEY000000001'
const SECRET = 'test-secret-access-key-for-sigv4-tests00'
const keys = new Map([[KEY_ID, SECRET]])

interface SignOptions {
  body?: string
  secret?: string
  keyId?: string
  service?: string
  date?: Date
  path?: string
  query?: Record<string, string | string[]>
  unsignableHeaders?: Set<string>
}

/** Signs a request exactly as the AWS SDK does, then turns it into what the Worker sees. */
async function signed(options: SignOptions = {}) {
  const body = options.body ?? '{"UserPoolId":"us-east-1_abc"}'
  const signer = new SignatureV4({
    service: options.service ?? 'cognito-idp',
    region: 'us-east-1',
    sha256: NodeSha256,
    credentials: {
      accessKeyId: options.keyId ?? KEY_ID,
      secretAccessKey: options.secret ?? SECRET,
    },
  })
  const path = options.path ?? '/'
  const query = options.query ?? {}
  const request = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 8787,
      path,
      query,
      headers: {
        host: '127.0.0.1:8787',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.DescribeUserPool',
      },
      body,
    },
    {
      signingDate: options.date ?? new Date(),
      ...(options.unsignableHeaders ? { unsignableHeaders: options.unsignableHeaders } : {}),
    },
  )
  // On the wire, as the SDK's HTTP handlers send it: the path as built, the query form-encoded.
  const search = Object.entries(query).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map(
      (item) => `${encodeURIComponent(k)}=${encodeURIComponent(item)}`,
    ),
  )
  const url = new URL(`http://127.0.0.1:8787${path}${search.length ? `?${search.join('&')}` : ''}`)
  return {
    method: 'POST',
    url,
    headers: new Headers(request.headers as Record<string, string>),
    body: new Uint8Array(new TextEncoder().encode(body)),
  }
}

const verify = async (request: Awaited<ReturnType<typeof signed>>, service = 'cognito-idp') =>
  verifySigV4(request, keys, service, Date.now())

describe('SigV4 verification against the AWS signer', () => {
  it('accepts a request signed by the AWS SDK signer', async () => {
    await expect(verify(await signed())).resolves.toEqual({
      accessKeyId: KEY_ID,
      region: 'us-east-1',
    })
  })

  it('refuses a missing signature, an unknown key and a wrong secret', async () => {
    const request = await signed()
    request.headers.delete('authorization')
    await expect(verify(request)).rejects.toBeInstanceOf(MissingAuthenticationTokenException)
    await expect(verify(await signed({ keyId: 'AKIAUNKNOWN000000000' }))).rejects.toBeInstanceOf(
      UnrecognizedClientException,
    )
    await expect(verify(await signed({ secret: 'wrong' }))).rejects.toBeInstanceOf(
      InvalidSignatureException,
    )
  })

  it('refuses a tampered body, a tampered signed header and a tampered signature', async () => {
    const body = await signed()
    body.body = new Uint8Array(new TextEncoder().encode('{"UserPoolId":"us-east-1_evil"}'))
    await expect(verify(body)).rejects.toBeInstanceOf(InvalidSignatureException)
    const header = await signed()
    header.headers.set('x-amz-target', 'AWSCognitoIdentityProviderService.DeleteUserPool')
    await expect(verify(header)).rejects.toBeInstanceOf(InvalidSignatureException)
    const signature = await signed()
    signature.headers.set(
      'authorization',
      signature.headers
        .get('authorization')!
        .replace(/Signature=(.)/, (_, c: string) => `Signature=${c === 'a' ? 'b' : 'a'}`),
    )
    await expect(verify(signature)).rejects.toBeInstanceOf(InvalidSignatureException)
  })

  it('refuses a stale or future date and a wrong service scope', async () => {
    const old = await signed({ date: new Date(Date.now() - 16 * 60 * 1000) })
    await expect(verify(old)).rejects.toBeInstanceOf(InvalidSignatureException)
    const future = await signed({ date: new Date(Date.now() + 16 * 60 * 1000) })
    await expect(verify(future)).rejects.toBeInstanceOf(InvalidSignatureException)
    await expect(verify(await signed({ service: 'cognito-identity' }))).rejects.toBeInstanceOf(
      InvalidSignatureException,
    )
  })

  it('refuses a correctly signed request that leaves host out of SignedHeaders', async () => {
    const request = await signed({ unsignableHeaders: new Set(['host']) })
    expect(request.headers.get('authorization')).not.toMatch(/SignedHeaders=[^,]*host/)
    await expect(verify(request)).rejects.toThrow(InvalidSignatureException)
    await expect(verify(request)).rejects.toThrow(/Host and X-Amz-Date must be signed/)
  })

  it('refuses a request whose credential scope date differs from X-Amz-Date', async () => {
    const request = await signed()
    const today = request.headers.get('x-amz-date')!.slice(0, 8)
    request.headers.set(
      'authorization',
      request.headers.get('authorization')!.replace(`/${today}/`, '/20000101/'),
    )
    await expect(verify(request)).rejects.toThrow(InvalidSignatureException)
  })

  it('refuses a malformed Authorization header and a body that does not match x-amz-content-sha256', async () => {
    const malformed = await signed()
    malformed.headers.set('authorization', 'AWS4-HMAC-SHA256 Credential=nonsense')
    await expect(verify(malformed)).rejects.toThrow(InvalidSignatureException)
    const declared = await signed()
    declared.headers.set('x-amz-content-sha256', '0'.repeat(64))
    await expect(verify(declared)).rejects.toThrow(InvalidSignatureException)
  })

  it('canonicalizes a query string the way the AWS signer does', async () => {
    const request = await signed({ query: { b: 'x y', a: ['2', '1'], 'c~d': "it's(*)!" } })
    await expect(verify(request)).resolves.toEqual({ accessKeyId: KEY_ID, region: 'us-east-1' })
    request.url.searchParams.set('b', 'changed')
    await expect(verify(request)).rejects.toThrow(InvalidSignatureException)
  })

  it('canonicalizes a path with percent-encoded labels the way the AWS signer does (REST APIs)', async () => {
    const path = `/identitypools/${encodeURIComponent('us-east-1:0f1e')}/identities/${encodeURIComponent('us-east-1:abc')}/datasets/${encodeURIComponent('my set')}`
    await expect(
      verify(await signed({ path, service: 'cognito-sync' }), 'cognito-sync'),
    ).resolves.toEqual({ accessKeyId: KEY_ID, region: 'us-east-1' })
    await expect(
      verify(await signed({ path: '/a/./b/../c/', service: 'cognito-sync' }), 'cognito-sync'),
    ).resolves.toBeDefined()
    const moved = await signed({ path, service: 'cognito-sync' })
    moved.url.pathname = moved.url.pathname.replace('my%20set', 'other')
    await expect(verify(moved, 'cognito-sync')).rejects.toThrow(InvalidSignatureException)
  })
})
