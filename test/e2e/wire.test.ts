import { describe, expect, it } from 'vitest'
import { endpoint, rawCall } from './support/clients'

/** The AWS JSON 1.1 wire itself: what any Cognito client sees before an operation runs. */
describe('AWS JSON 1.1 protocol', () => {
  it('answers an unknown target with UnknownOperationException in __type and x-amzn-ErrorType', async () => {
    const reply = await rawCall('NoSuchOperation', '{}')
    expect(reply.status).toBe(400)
    expect(reply.json.__type).toBe('UnknownOperationException')
    expect(reply.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
    expect(reply.headers.get('content-type')).toBe('application/x-amz-json-1.1')
  })

  it('answers a missing X-Amz-Target with UnknownOperationException', async () => {
    const response = await fetch(`${endpoint()}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1' },
      body: '{}',
    })
    expect(response.status).toBe(400)
    expect(((await response.json()) as { __type: string }).__type).toBe('UnknownOperationException')
  })

  it('refuses malformed JSON, a JSON array and null with SerializationException', async () => {
    for (const body of ['{"ClientId":', '[]', 'null', '\u0000']) {
      const reply = await rawCall('SignUp', body)
      expect(reply.status).toBe(400)
      expect(reply.json.__type).toBe('SerializationException')
    }
  })

  it('refuses a wrong content type', async () => {
    const reply = await rawCall('SignUp', '{}', { 'content-type': 'text/plain' })
    expect(reply.json.__type).toBe('SerializationException')
  })

  it('refuses an oversized body with a typed error, not a crash', async () => {
    const reply = await rawCall(
      'SignUp',
      JSON.stringify({ ClientId: 'x', Username: 'u', Password: 'p'.repeat(600 * 1024) }),
    )
    expect(reply.status).toBe(413)
    expect(reply.json.__type).toBe('RequestEntityTooLargeException')
  })

  it('reports a mistyped member as SerializationException and a constraint breach as InvalidParameterException', async () => {
    const mistyped = await rawCall('DescribeUserPool', JSON.stringify({ UserPoolId: 42 }))
    // SigV4 is checked first for admin operations, so use a public operation for type checks.
    expect(mistyped.json.__type).toBe('MissingAuthenticationTokenException')
    const typed = await rawCall('SignUp', JSON.stringify({ ClientId: 42, Username: 'a' }))
    expect(typed.json.__type).toBe('SerializationException')
    const constrained = await rawCall(
      'SignUp',
      JSON.stringify({ ClientId: 'has spaces!', Username: 'a' }),
    )
    expect(constrained.json.__type).toBe('InvalidParameterException')
    expect(String(constrained.json.message)).toMatch(/validation error/)
    const missing = await rawCall('SignUp', JSON.stringify({ Username: 'a' }))
    expect(missing.json.__type).toBe('InvalidParameterException')
    expect(String(missing.json.message)).toMatch(/clientId/)
  })

  it('requires a SigV4 signature on admin operations', async () => {
    const unsigned = await rawCall('CreateUserPool', JSON.stringify({ PoolName: 'x' }))
    expect(unsigned.status).toBe(403)
    expect(unsigned.json.__type).toBe('MissingAuthenticationTokenException')
    const garbage = await rawCall('CreateUserPool', JSON.stringify({ PoolName: 'x' }), {
      authorization: 'AWS4-HMAC-SHA256 nonsense',
    })
    expect(garbage.json.__type).toBe('InvalidSignatureException')
  })

  it('allows browser SDKs through CORS preflight', async () => {
    const response = await fetch(`${endpoint()}/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent',
      },
    })
    expect(response.status).toBe(204)
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase()
    for (const header of [
      'x-amz-target',
      'x-amz-user-agent',
      'content-type',
      'authorization',
      'cache-control',
    ])
      expect(allowed).toContain(header)
  })
})
