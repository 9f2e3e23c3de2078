import { SignJWT } from 'jose'
import { describe, expect, it } from 'vitest'
import { verifyBearerToken, type BearerCheck } from '../../src/oidc/access-token'
import { COMMON_ALGORITHMS } from '../../src/oidc/algorithms'
import { JwksCache } from '../../src/oidc/jwks'
import {
  CLIENT,
  ISSUER,
  NOW,
  NOW_S,
  idClaims,
  reasonOf,
  testProvider,
} from './support/oidc-provider'

const provider = await testProvider()

const accessClaims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: 'alice',
  token_use: 'access',
  client_id: CLIENT,
  scope: 'openid',
  exp: NOW_S + 3600,
  ...extra,
})

const verdict = (token: string, extra: Partial<BearerCheck> = {}) =>
  reasonOf(
    verifyBearerToken(token, {
      provider: provider.metadata,
      jwks: new JwksCache(),
      algorithms: COMMON_ALGORITHMS,
      clientIds: [CLIENT, 'other-app'],
      tokenUse: ['access'],
      skewSeconds: 60,
      now: NOW,
      ...extra,
    }),
  )

describe('bearer-token verification', () => {
  it('takes an access token for one of the client ids, by token_use, at+jwt or client_id', async () => {
    expect(await verdict(await provider.sign(accessClaims()))).toBe('accepted')
    expect(await verdict(await provider.sign(accessClaims({ client_id: 'other-app' })))).toBe(
      'accepted',
    )
    const rfc9068 = accessClaims({ token_use: undefined, client_id: undefined, aud: 'api' })
    expect(
      await verdict(await provider.sign({ ...rfc9068, client_id: CLIENT }, { typ: 'at+jwt' })),
    ).toBe('accepted')
  })

  it('refuses the wrong kind of token and the wrong audience', async () => {
    expect(await verdict(await provider.sign(idClaims({ token_use: 'id' })))).toBe(
      'id tokens are not accepted here',
    )
    expect(await verdict(await provider.sign(idClaims()))).toBe('id tokens are not accepted here')
    expect(
      await verdict(await provider.sign(idClaims({ token_use: 'id' })), { tokenUse: ['id'] }),
    ).toBe('accepted')
    expect(
      await verdict(await provider.sign(idClaims({ aud: 'stranger' })), { tokenUse: ['id'] }),
    ).toBe('audience not accepted')
    expect(await verdict(await provider.sign(accessClaims({ token_use: 'refresh' })))).toBe(
      'unknown token_use',
    )
    expect(await verdict(await provider.sign(accessClaims({ client_id: 'stranger' })))).toBe(
      'audience not accepted',
    )
    // An access token's aud is not its client: aud naming us does not stand in for client_id.
    expect(
      await verdict(await provider.sign(accessClaims({ client_id: 'stranger', aud: CLIENT }))),
    ).toBe('audience not accepted')
  })

  it('refuses algorithms off the list, a missing kid, and tokens past exp or before nbf', async () => {
    const hmac = await new SignJWT(accessClaims())
      .setProtectedHeader({ alg: 'HS256', kid: 'rsa' })
      .sign(new TextEncoder().encode('a shared secret of thirty-two bytes!'))
    expect(await verdict(hmac)).toBe('algorithm not allowed')
    expect(await verdict(await provider.sign(accessClaims(), { kid: '' }))).toBe('kid required')
    expect(await verdict(await provider.sign(accessClaims({ exp: NOW_S - 59 })))).toBe('accepted')
    expect(await verdict(await provider.sign(accessClaims({ exp: NOW_S - 60 })))).toBe(
      'invalid token',
    )
    expect(await verdict(await provider.sign(accessClaims({ nbf: NOW_S + 61 })))).toBe(
      'invalid token',
    )
    expect(await verdict(await provider.sign(accessClaims({ iss: 'https://evil.example' })))).toBe(
      'invalid token',
    )
  })

  it('says "unknown signing key" when the JWKS cannot be had', async () => {
    const token = await provider.sign(accessClaims())
    const down = {
      ...provider.metadata,
      fetch: async () => {
        throw new TypeError('connection refused')
      },
    }
    expect(await verdict(token, { provider: down })).toBe('unknown signing key')
  })
})
