import { describe, expect, it } from 'vitest'
import { COMMON_ALGORITHMS } from '../../src/oidc/algorithms'
import type { Fetcher } from '../../src/oidc/discovery'
import { SigningKeysUnreachable, TokenRejected } from '../../src/oidc/errors'
import { JwksCache } from '../../src/oidc/jwks'
import { verifySigned } from '../../src/oidc/signed-token'
import { ISSUER, NOW, idClaims, testProvider } from './support/oidc-provider'

const provider = await testProvider()

/** What verifySigned threw for `token` with the provider's JWKS answered by `jwksAnswer`. */
async function thrown(
  token: string,
  jwksAnswer: Fetcher,
  jwks = new JwksCache(),
  now = NOW,
): Promise<unknown> {
  const fetch: Fetcher = (url, init) =>
    new URL(url).pathname === '/jwks' ? jwksAnswer(url, init) : provider.fetcher(url, init)
  try {
    await verifySigned(token, {
      provider: { ...provider.metadata, fetch },
      jwks,
      algorithms: COMMON_ALGORITHMS,
      skewSeconds: 60,
      now,
    })
  } catch (error) {
    return error
  }
  return 'accepted'
}

describe('a JWKS that cannot be had, and one without the kid', () => {
  it.each([
    [
      'a network error',
      async () => {
        throw new TypeError('connection refused')
      },
    ],
    ['a 503', async () => new Response('busy', { status: 503 })],
    ['a 404', async () => new Response('gone', { status: 404 })],
    ['a body that is not JSON', async () => new Response('<html>', { status: 200 })],
  ] as [string, Fetcher][])('tells %s apart from a bad token', async (_, jwksAnswer) => {
    const error = await thrown(await provider.sign(idClaims()), jwksAnswer)
    expect(error).toBeInstanceOf(SigningKeysUnreachable)
    // To callers that answer both alike it is still the rejection it always was.
    expect(error).toBeInstanceOf(TokenRejected)
    expect((error as TokenRejected).reason).toBe('unknown signing key')
    // Word for word: the federation paths show the message, and it must not change.
    expect((error as TokenRejected).message).toBe('unknown signing key')
    expect((error as SigningKeysUnreachable).detail).toContain(`${ISSUER}/jwks`)
  })

  it('rejects a kid a reachable JWKS does not have, as a bad token only', async () => {
    const error = await thrown(
      await provider.sign(idClaims(), { kid: 'retired' }),
      provider.fetcher,
    )
    expect(error).toBeInstanceOf(TokenRejected)
    expect(error).not.toBeInstanceOf(SigningKeysUnreachable)
    expect((error as TokenRejected).reason).toBe('unknown signing key')
  })

  it('does not keep an outage: the set is fetched again five seconds later and the token verifies', async () => {
    const jwks = new JwksCache()
    const token = await provider.sign(idClaims())
    let up = false
    const flaky: Fetcher = async (url, init) => {
      if (!up) throw new TypeError('connection refused')
      return provider.fetcher(url, init)
    }
    expect(await thrown(token, flaky, jwks)).toBeInstanceOf(SigningKeysUnreachable)
    up = true
    // Within the retry pause the outage is still what is known: unreachable, never "no such key".
    expect(await thrown(token, flaky, jwks, NOW + 4_999)).toBeInstanceOf(SigningKeysUnreachable)
    expect(await thrown(token, flaky, jwks, NOW + 5_000)).toBe('accepted')
  })
})
