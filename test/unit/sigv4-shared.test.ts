import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { SigV4Failure } from '../../src/http/sigv4/failure'
import { verifySignature, type SigV4Options } from '../../src/http/sigv4/verify'
import { NodeSha256 } from './support/node-sha256'

const KEY_ID = 'AKIATESTKEY000000001'
const SECRET = 'test-secret-access-key-for-sigv4-tests00'
const NOW = Date.UTC(2026, 0, 1, 12)
const EMPTY_SHA = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/** Signs as the S3 client does: no double encoding of the path, the payload hash declared. */
const s3Signer = (secret = SECRET, sessionToken?: string) =>
  new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: true,
    credentials: {
      accessKeyId: KEY_ID,
      secretAccessKey: secret,
      ...(sessionToken ? { sessionToken } : {}),
    },
  })

const options = (over: Partial<SigV4Options<string>> = {}): SigV4Options<string> => ({
  service: 's3',
  region: 'us-east-1',
  now: NOW,
  allowPresigned: true,
  payload: { kind: 's3' },
  lookup: async (id, token) =>
    id === KEY_ID && (token === undefined || token === 'good-token')
      ? { secret: SECRET, caller: `caller:${id}` }
      : null,
  ...over,
})

/** The request the Worker would see for a signed SDK request. */
function asRequest(signed: {
  method: string
  path: string
  query?: Record<string, string | string[] | null>
  headers: Record<string, string>
}) {
  const search = new URLSearchParams()
  for (const [k, v] of Object.entries(signed.query ?? {}))
    for (const item of Array.isArray(v) ? v : [v ?? '']) search.append(k, item)
  const query = search.toString().replace(/\+/g, '%20')
  return {
    method: signed.method,
    url: new URL(`http://localhost:8787${signed.path}${query ? `?${query}` : ''}`),
    headers: new Headers(signed.headers),
  }
}

const headerSigned = async (path: string, sha = EMPTY_SHA, date = new Date(NOW), secret = SECRET) =>
  asRequest(
    await s3Signer(secret).sign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: 'localhost',
        port: 8787,
        path,
        headers: { host: 'localhost:8787', 'x-amz-content-sha256': sha },
      },
      { signingDate: date },
    ),
  )

const presigned = async (path: string, expiresIn: number, token?: string) =>
  asRequest(
    await s3Signer(SECRET, token).presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: 'localhost',
        port: 8787,
        path,
        query: {},
        // What the S3 presigner adds: the payload stays unsigned, the mode hoisted into the query.
        headers: { host: 'localhost:8787', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      { signingDate: new Date(NOW), expiresIn },
    ),
  )

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => (e instanceof SigV4Failure ? e.kind : e),
  )

describe('the shared SigV4 verifier, S3 flavour', () => {
  it('signs the full raw path of S3 once-encoded, keeping every segment literally', async () => {
    const path = '/s3/bucket/a%20b/..%2Fc/%E2%82%AC'
    const request = await headerSigned(path)
    await expect(verifySignature(request, options())).resolves.toMatchObject({
      caller: `caller:${KEY_ID}`,
      payloadHash: EMPTY_SHA,
      presigned: false,
    })
    request.url.pathname = '/bucket/a%20b/..%2Fc/%E2%82%AC'
    expect(await failure(verifySignature(request, options()))).toBe('bad-signature')
  })

  it('refuses signed chunks, a missing or malformed content hash', async () => {
    expect(
      await failure(
        verifySignature(
          await headerSigned('/b/k', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD'),
          options(),
        ),
      ),
    ).toBe('unsupported-payload')
    const missing = await headerSigned('/b/k')
    missing.headers.delete('x-amz-content-sha256')
    expect(await failure(verifySignature(missing, options()))).toBe('missing-content-sha256')
    expect(await failure(verifySignature(await headerSigned('/b/k', 'nonsense'), options()))).toBe(
      'malformed',
    )
    await expect(
      verifySignature(await headerSigned('/b/k', 'STREAMING-UNSIGNED-PAYLOAD-TRAILER'), options()),
    ).resolves.toMatchObject({ payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' })
  })

  it('tells skew, a wrong secret and an unknown key apart', async () => {
    expect(
      await failure(
        verifySignature(
          await headerSigned('/b/k', EMPTY_SHA, new Date(NOW - 16 * 60_000)),
          options(),
        ),
      ),
    ).toBe('skew')
    expect(
      await failure(
        verifySignature(await headerSigned('/b/k', EMPTY_SHA, new Date(NOW), 'wrong'), options()),
      ),
    ).toBe('bad-signature')
    expect(
      await failure(
        verifySignature(await headerSigned('/b/k'), options({ lookup: async () => null })),
      ),
    ).toBe('unknown-key')
  })

  it('accepts a presigned URL within its validity, and refuses it after', async () => {
    const request = await presigned('/b/key.txt', 300)
    expect(request.url.searchParams.get('X-Amz-Expires')).toBe('300')
    await expect(verifySignature(request, options())).resolves.toMatchObject({
      presigned: true,
      payloadHash: 'UNSIGNED-PAYLOAD',
    })
    expect(await failure(verifySignature(request, options({ now: NOW + 301_000 })))).toBe('expired')
    expect(await failure(verifySignature(request, options({ now: NOW - 16 * 60_000 })))).toBe(
      'not-yet-valid',
    )
    expect(await failure(verifySignature(request, options({ allowPresigned: false })))).toBe(
      'missing-auth',
    )
  })

  it('refuses a presigned URL for longer than seven days, or with a tampered query', async () => {
    const long = await presigned('/b/k', 300)
    long.url.searchParams.set('X-Amz-Expires', '604801')
    expect(await failure(verifySignature(long, options()))).toBe('malformed')
    const tampered = await presigned('/b/k', 300)
    tampered.url.searchParams.set('X-Amz-Expires', '3000')
    expect(await failure(verifySignature(tampered, options()))).toBe('bad-signature')
    const added = await presigned('/b/k', 300)
    added.url.searchParams.set('list-type', '2')
    expect(await failure(verifySignature(added, options()))).toBe('bad-signature')
  })

  it('hands the session token of a presigned URL to the key lookup, signed', async () => {
    const request = await presigned('/b/k', 300, 'good-token')
    expect(request.url.searchParams.get('X-Amz-Security-Token')).toBe('good-token')
    await expect(verifySignature(request, options())).resolves.toMatchObject({
      sessionToken: 'good-token',
    })
    const other = await presigned('/b/k', 300, 'bad-token')
    expect(await failure(verifySignature(other, options()))).toBe('invalid-token')
  })

  it('passes an expired-token refusal of the key lookup through', async () => {
    const lookup = async () => {
      throw new SigV4Failure('expired-token', 'The provided token has expired.')
    }
    expect(
      await failure(verifySignature(await presigned('/b/k', 300, 't'), options({ lookup }))),
    ).toBe('expired-token')
  })
})
