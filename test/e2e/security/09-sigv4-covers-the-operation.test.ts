import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider'
import { SignatureV4 } from '@smithy/signature-v4'
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { adminClient, createPool, endpoint, uniqueName } from '../support/clients'

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

const TARGET = 'AWSCognitoIdentityProviderService.'

interface Crafted {
  operation: string
  body: string
  /** Headers sent besides the JSON API's own (content-type, x-amz-target, host). */
  extraHeaders?: Record<string, string>
  /** Headers the signer leaves out of SignedHeaders (they are still sent). */
  unsigned?: string[]
  region?: string
  service?: string
}

/** A request signed with the Worker's admin key by the AWS signer, as the options say. */
async function craft(options: Crafted): Promise<Record<string, string>> {
  const url = new URL(endpoint())
  const signer = new SignatureV4({
    service: options.service ?? 'cognito-idp',
    region: options.region ?? 'us-east-1',
    sha256: NodeSha256,
    credentials: {
      accessKeyId: inject('accessKeyId'),
      secretAccessKey: inject('secretAccessKey'),
    },
  })
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': TARGET + options.operation,
        ...options.extraHeaders,
      },
      body: options.body,
    },
    options.unsigned ? { unsignableHeaders: new Set(options.unsigned) } : {},
  )
  const headers = { ...(signed.headers as Record<string, string>) }
  // fetch sets Host itself, to the same value.
  delete headers.host
  return headers
}

async function send(
  headers: Record<string, string>,
  body: string,
): Promise<{
  status: number
  json: { __type?: string; message?: string } & Record<string, unknown>
}> {
  const response = await fetch(`${endpoint()}/`, { method: 'POST', headers, body })
  return {
    status: response.status,
    json: JSON.parse(await response.text()) as { __type?: string; message?: string },
  }
}

const signedHeadersOf = (headers: Record<string, string>): string[] =>
  /SignedHeaders=([^,]+)/.exec(headers.authorization ?? '')![1]!.split(';')

describe('security review 09: SigV4 need not cover the operation', () => {
  const admin = adminClient()
  let poolId: string

  /** A fresh user of the pool, and the AdminGetUser body that names it. */
  async function victim(): Promise<{ username: string; getUserBody: string }> {
    const username = `victim-${uniqueName()}`
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: username,
        MessageAction: 'SUPPRESS',
      }),
    )
    return { username, getUserBody: JSON.stringify({ UserPoolId: poolId, Username: username }) }
  }

  beforeAll(async () => {
    poolId = await createPool()
  })

  it('refuses a request whose SignedHeaders leave out x-amz-target', async () => {
    const { getUserBody } = await victim()
    const headers = await craft({
      operation: 'AdminGetUser',
      body: getUserBody,
      unsigned: ['x-amz-target'],
    })
    expect(signedHeadersOf(headers)).not.toContain('x-amz-target')
    const reply = await send(headers, getUserBody)
    expect(reply.status).toBe(403)
    expect(reply.json.__type).toBe('InvalidSignatureException')
    expect(reply.json.message).toMatch(/x-amz-target/i)
  })

  it('refuses a signed AdminGetUser re-sent as AdminDeleteUser, and the user survives', async () => {
    const { username, getUserBody } = await victim()
    // The request an eavesdropper or a log holds: AdminGetUser, X-Amz-Target not signed.
    const loose = await craft({
      operation: 'AdminGetUser',
      body: getUserBody,
      unsigned: ['x-amz-target'],
    })
    const replayed = await send(
      { ...loose, 'x-amz-target': `${TARGET}AdminDeleteUser` },
      getUserBody,
    )
    expect(replayed.status).toBe(403)
    expect(replayed.json.__type).toBe('InvalidSignatureException')
    // The same swap on a request that does sign X-Amz-Target (what the SDK sends).
    const strict = await craft({ operation: 'AdminGetUser', body: getUserBody })
    expect(signedHeadersOf(strict)).toContain('x-amz-target')
    const swapped = await send(
      { ...strict, 'x-amz-target': `${TARGET}AdminDeleteUser` },
      getUserBody,
    )
    expect(swapped.status).toBe(403)
    expect(swapped.json.__type).toBe('InvalidSignatureException')

    const user = await admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: username }),
    )
    expect(user.Username).toBe(username)
  })

  it('refuses an unsigned content-type', async () => {
    const { getUserBody } = await victim()
    const headers = await craft({
      operation: 'AdminGetUser',
      body: getUserBody,
      unsigned: ['content-type'],
    })
    expect(signedHeadersOf(headers)).not.toContain('content-type')
    const reply = await send(headers, getUserBody)
    expect(reply.status).toBe(403)
    expect(reply.json.__type).toBe('InvalidSignatureException')
    expect(reply.json.message).toMatch(/content-type/i)
  })

  it('refuses an x-amz-* header that is not signed, left out by the signer or added afterwards', async () => {
    const { getUserBody } = await victim()
    const leftOut = await craft({
      operation: 'AdminGetUser',
      body: getUserBody,
      extraHeaders: { 'x-amz-meta-note': 'hello' },
      unsigned: ['x-amz-meta-note'],
    })
    expect(signedHeadersOf(leftOut)).not.toContain('x-amz-meta-note')
    const first = await send(leftOut, getUserBody)
    expect(first.status).toBe(403)
    expect(first.json.__type).toBe('InvalidSignatureException')
    expect(first.json.message).toMatch(/x-amz-meta-note/)

    const added = await craft({ operation: 'AdminGetUser', body: getUserBody })
    const second = await send({ ...added, 'x-amz-security-token': 'anything' }, getUserBody)
    expect(second.status).toBe(403)
    expect(second.json.__type).toBe('InvalidSignatureException')
    expect(second.json.message).toMatch(/x-amz-security-token/)
  })

  it('refuses UNSIGNED-PAYLOAD, which would let anyone rewrite the body of a signed request', async () => {
    const { getUserBody } = await victim()
    const headers = await craft({
      operation: 'AdminGetUser',
      body: getUserBody,
      extraHeaders: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
    })
    expect(signedHeadersOf(headers)).toContain('x-amz-content-sha256')
    const asSigned = await send(headers, getUserBody)
    expect(asSigned.status).toBe(403)
    expect(asSigned.json.__type).toBe('InvalidSignatureException')
    expect(asSigned.json.message).toMatch(/UNSIGNED-PAYLOAD/)
    const rewritten = await send(
      headers,
      JSON.stringify({ UserPoolId: poolId, Username: 'someone-else' }),
    )
    expect(rewritten.status).toBe(403)
    expect(rewritten.json.__type).toBe('InvalidSignatureException')
  })

  it('refuses a credential scope for another region, from a crafted request and from the SDK', async () => {
    const { username, getUserBody } = await victim()
    const headers = await craft({
      operation: 'AdminGetUser',
      body: getUserBody,
      region: 'eu-west-1',
    })
    const reply = await send(headers, getUserBody)
    expect(reply.status).toBe(403)
    expect(reply.json).toEqual({
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to a valid region, not 'eu-west-1'.",
    })

    const elsewhere = new CognitoIdentityProviderClient({
      endpoint: endpoint(),
      region: 'eu-west-1',
      credentials: {
        accessKeyId: inject('accessKeyId'),
        secretAccessKey: inject('secretAccessKey'),
      },
      maxAttempts: 1,
    })
    await expect(
      elsewhere.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username })),
    ).rejects.toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 403 },
    })
  })

  it('refuses a credential scope for another service', async () => {
    const { getUserBody } = await victim()
    const headers = await craft({
      operation: 'AdminGetUser',
      body: getUserBody,
      service: 'cognito-identity',
    })
    const reply = await send(headers, getUserBody)
    expect(reply.status).toBe(403)
    expect(reply.json).toEqual({
      __type: 'InvalidSignatureException',
      message: "Credential should be scoped to correct service: 'cognito-idp'.",
    })
  })

  it('still accepts the unmodified AWS SDK and a crafted request that signs everything', async () => {
    const other = `kept-${uniqueName()}`
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: other,
        MessageAction: 'SUPPRESS',
      }),
    )
    const fetched = await admin.send(
      new AdminGetUserCommand({ UserPoolId: poolId, Username: other }),
    )
    expect(fetched.Username).toBe(other)

    const body = JSON.stringify({ UserPoolId: poolId, Username: other })
    const headers = await craft({
      operation: 'AdminGetUser',
      body,
      extraHeaders: { 'x-amz-user-agent': 'crafted/1.0' },
    })
    const reply = await send(headers, body)
    expect(reply.status).toBe(200)
    expect(reply.json.Username).toBe(other)

    await admin.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: other }))
    await expect(
      admin.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: other })),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' })
  })
})
