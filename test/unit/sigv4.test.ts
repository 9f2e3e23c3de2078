import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { verifySigV4 } from '../../src/http/sigv4/admin-signature'
import { NodeSha256 } from './support/node-sha256'
import {
  InvalidSignatureException,
  MissingAuthenticationTokenException,
  UnrecognizedClientException,
} from '../../src/errors/cognito'

const KEY_ID = 'AKIATESTKEY000000001'
const SECRET = 'test-secret-access-key-for-sigv4-tests00'
const keys = new Map([[KEY_ID, SECRET]])

interface SignOptions {
  body?: string
  secret?: string
  keyId?: string
  service?: string
  region?: string
  date?: Date
  path?: string
  query?: Record<string, string | string[]>
  unsignableHeaders?: Set<string>
  /** Headers sent besides host, content-type and x-amz-target (signed unless unsignable). */
  headers?: Record<string, string>
}

/** Signs a request exactly as the AWS SDK does, then turns it into what the Worker sees. */
async function signed(options: SignOptions = {}) {
  const body = options.body ?? '{"UserPoolId":"us-east-1_abc"}'
  const signer = new SignatureV4({
    service: options.service ?? 'cognito-idp',
    region: options.region ?? 'us-east-1',
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
        ...options.headers,
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

const verify = async (
  request: Awaited<ReturnType<typeof signed>>,
  service = 'cognito-idp',
  allowUnsignedPayload = false,
) =>
  verifySigV4(request, keys, {
    service,
    region: 'us-east-1',
    allowUnsignedPayload,
    now: Date.now(),
  })

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

  it('refuses a correct signature that leaves x-amz-target out, so it cannot be replayed as another operation', async () => {
    const request = await signed({ unsignableHeaders: new Set(['x-amz-target']) })
    expect(request.headers.get('authorization')).not.toMatch(/x-amz-target/)
    await expect(verify(request)).rejects.toThrow(
      "'x-amz-target' must be a 'SignedHeader' in the AWS Authorization.",
    )
    request.headers.set('x-amz-target', 'AWSCognitoIdentityProviderService.DeleteUserPool')
    await expect(verify(request)).rejects.toThrow(InvalidSignatureException)
  })

  it('refuses an unsigned content-type and any unsigned x-amz-* header, however it got there', async () => {
    await expect(
      verify(await signed({ unsignableHeaders: new Set(['content-type']) })),
    ).rejects.toThrow("'content-type' must be a 'SignedHeader' in the AWS Authorization.")
    const leftOut = await signed({
      headers: { 'x-amz-meta-note': 'hello' },
      unsignableHeaders: new Set(['x-amz-meta-note']),
    })
    await expect(verify(leftOut)).rejects.toThrow(/'x-amz-meta-note' must be a 'SignedHeader'/)
    const added = await signed()
    added.headers.set('X-Amz-Security-Token', 'anything')
    await expect(verify(added)).rejects.toThrow(/'x-amz-security-token' must be a 'SignedHeader'/)
  })

  it('accepts signed extra x-amz-* headers and headers outside x-amz-* left unsigned', async () => {
    const request = await signed({ headers: { 'x-amz-user-agent': 'aws-sdk-js/3' } })
    expect(request.headers.get('authorization')).toMatch(/x-amz-user-agent/)
    request.headers.set('user-agent', 'added by a proxy')
    request.headers.set('x-amzn-trace-id', 'Root=1-00000000-000000000000000000000000')
    await expect(verify(request)).resolves.toEqual({ accessKeyId: KEY_ID, region: 'us-east-1' })
  })

  it('refuses UNSIGNED-PAYLOAD unless the caller allows it (S3), and then still checks the signature', async () => {
    const request = await signed({ headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } })
    await expect(verify(request)).rejects.toThrow(
      'UNSIGNED-PAYLOAD is not accepted by this service: the request payload must be signed.',
    )
    await expect(verify(request, 'cognito-idp', true)).resolves.toEqual({
      accessKeyId: KEY_ID,
      region: 'us-east-1',
    })
    const unsignedLeftOut = await signed({
      headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      unsignableHeaders: new Set(['x-amz-content-sha256']),
    })
    await expect(verify(unsignedLeftOut, 'cognito-idp', true)).rejects.toThrow(
      /'x-amz-content-sha256' must be a 'SignedHeader'/,
    )
  })

  it('refuses a credential scope for another region, before looking at the key', async () => {
    await expect(verify(await signed({ region: 'eu-west-1' }))).rejects.toThrow(
      "Credential should be scoped to a valid region, not 'eu-west-1'.",
    )
    await expect(
      verify(await signed({ region: 'eu-west-1', keyId: 'AKIAUNKNOWN000000000' })),
    ).rejects.toBeInstanceOf(InvalidSignatureException)
    await expect(verify(await signed({ service: 'cognito-identity' }))).rejects.toThrow(
      "Credential should be scoped to correct service: 'cognito-idp'.",
    )
  })

  it('answers scope and coverage failures with a 403', async () => {
    const refusal = await verify(await signed({ region: 'eu-west-1' })).catch((e: unknown) => e)
    expect(refusal).toMatchObject({ code: 'InvalidSignatureException', status: 403 })
  })
})
