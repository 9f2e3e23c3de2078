import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'

describe('the Worker inside workerd', () => {
  it('answers /health', async () => {
    const response = await exports.default.fetch('http://portcullis.test/health')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  it('answers the JSON API without a target with a typed error', async () => {
    const response = await exports.default.fetch('http://portcullis.test/', { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{}' })
    expect(response.status).toBe(400)
    expect(response.headers.get('x-amzn-errortype')).toBe('UnknownOperationException')
  })

  it('refuses an unsigned admin operation', async () => {
    const response = await exports.default.fetch('http://portcullis.test/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.CreateUserPool' },
      body: '{"PoolName":"x"}',
    })
    expect(((await response.json()) as { __type: string }).__type).toBe('MissingAuthenticationTokenException')
  })
})
