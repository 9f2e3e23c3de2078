import { SignatureV4 } from '@smithy/signature-v4'
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { verifySigV4 } from '../../src/api/sigv4'
import { InvalidSignatureException, MissingAuthenticationTokenException, UnrecognizedClientException } from '../../src/errors/cognito'

/** Node's crypto behind the Checksum interface the AWS signer expects. */
class NodeSha256 {
  private readonly hash: Hash | Hmac
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', typeof secret === 'string' ? secret : Buffer.from(secret as ArrayBuffer))
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

/** Signs a JSON 1.1 request exactly as the AWS SDK does, then turns it into what the Worker sees. */
async function signed(options: { body?: string; secret?: string; keyId?: string; service?: string; date?: Date } = {}) {
  const body = options.body ?? '{"UserPoolId":"us-east-1_abc"}'
  const signer = new SignatureV4({ service: options.service ?? 'cognito-idp', region: 'us-east-1', sha256: NodeSha256, credentials: { accessKeyId: options.keyId ?? KEY_ID, secretAccessKey: options.secret ?? SECRET } })
  const request = await signer.sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port: 8787,
      path: '/',
      headers: { host: '127.0.0.1:8787', 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.DescribeUserPool' },
      body,
    },
    { signingDate: options.date ?? new Date() },
  )
  return { method: 'POST', url: new URL('http://127.0.0.1:8787/'), headers: new Headers(request.headers as Record<string, string>), body: new Uint8Array(new TextEncoder().encode(body)) }
}

describe('SigV4 verification against the AWS signer', () => {
  it('accepts a request signed by the AWS SDK signer', async () => {
    await expect(verifySigV4(await signed(), keys, 'cognito-idp', Date.now())).resolves.toEqual({ accessKeyId: KEY_ID, region: 'us-east-1' })
  })

  it('refuses a missing signature, an unknown key and a wrong secret', async () => {
    const request = await signed()
    request.headers.delete('authorization')
    await expect(verifySigV4(request, keys, 'cognito-idp', Date.now())).rejects.toBeInstanceOf(MissingAuthenticationTokenException)
    await expect(verifySigV4(await signed({ keyId: 'AKIAUNKNOWN000000000' }), keys, 'cognito-idp', Date.now())).rejects.toBeInstanceOf(UnrecognizedClientException)
    await expect(verifySigV4(await signed({ secret: 'wrong' }), keys, 'cognito-idp', Date.now())).rejects.toBeInstanceOf(InvalidSignatureException)
  })

  it('refuses a tampered body, a tampered signed header and a tampered signature', async () => {
    const body = await signed()
    body.body = new Uint8Array(new TextEncoder().encode('{"UserPoolId":"us-east-1_evil"}'))
    await expect(verifySigV4(body, keys, 'cognito-idp', Date.now())).rejects.toBeInstanceOf(InvalidSignatureException)
    const header = await signed()
    header.headers.set('x-amz-target', 'AWSCognitoIdentityProviderService.DeleteUserPool')
    await expect(verifySigV4(header, keys, 'cognito-idp', Date.now())).rejects.toBeInstanceOf(InvalidSignatureException)
    const signature = await signed()
    signature.headers.set('authorization', signature.headers.get('authorization')!.replace(/Signature=(.)/, (_, c: string) => `Signature=${c === 'a' ? 'b' : 'a'}`))
    await expect(verifySigV4(signature, keys, 'cognito-idp', Date.now())).rejects.toBeInstanceOf(InvalidSignatureException)
  })

  it('refuses a stale or future date and a wrong service scope', async () => {
    const old = await signed({ date: new Date(Date.now() - 16 * 60 * 1000) })
    await expect(verifySigV4(old, keys, 'cognito-idp', Date.now())).rejects.toBeInstanceOf(InvalidSignatureException)
    const future = await signed({ date: new Date(Date.now() + 16 * 60 * 1000) })
    await expect(verifySigV4(future, keys, 'cognito-idp', Date.now())).rejects.toBeInstanceOf(InvalidSignatureException)
    await expect(verifySigV4(await signed({ service: 'cognito-identity' }), keys, 'cognito-idp', Date.now())).rejects.toBeInstanceOf(InvalidSignatureException)
  })

  it('requires host and x-amz-date among the signed headers', async () => {
    const request = await signed()
    request.headers.set('authorization', request.headers.get('authorization')!.replace(/SignedHeaders=[^,]+/, 'SignedHeaders=content-type;x-amz-target'))
    await expect(verifySigV4(request, keys, 'cognito-idp', Date.now())).rejects.toBeInstanceOf(InvalidSignatureException)
  })
})
