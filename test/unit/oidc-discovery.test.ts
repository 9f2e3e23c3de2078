import { describe, expect, it } from 'vitest'
import { DiscoveryCache, type Fetcher } from '../../src/oidc/discovery'
import { DiscoveryFailed, type DiscoveryProblem } from '../../src/oidc/errors'
import { ISSUER, NOW, testProvider } from './support/oidc-provider'

/** The problem a rejected discovery names. */
async function problemOf(promise: Promise<unknown>): Promise<DiscoveryProblem> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DiscoveryFailed)
  return (error as DiscoveryFailed).problem
}

/** A fetcher that counts its calls and answers with `document` (or what `answer` returns). */
function documentFetcher(answer: () => Response | Promise<Response>) {
  const calls: Array<RequestInit | undefined> = []
  const fetcher: Fetcher = async (_url, init) => {
    calls.push(init)
    return answer()
  }
  return { fetcher, calls }
}

describe('discovery', () => {
  it('reads the document once for concurrent misses, keeps it ten minutes, then reads it again', async () => {
    const provider = await testProvider()
    const cache = new DiscoveryCache()
    const [a, b] = await Promise.all([
      cache.metadata(ISSUER, provider.fetcher, NOW),
      cache.metadata(ISSUER, provider.fetcher, NOW),
    ])
    expect(a).toBe(b)
    expect(provider.paths()).toEqual(['/.well-known/openid-configuration'])
    const { fetch: _, ...expected } = provider.metadata
    expect(a).toMatchObject(expected)
    await cache.metadata(`${ISSUER}/`, provider.fetcher, NOW + 10 * 60_000 - 1)
    expect(provider.seen).toHaveLength(1)
    await cache.metadata(ISSUER, provider.fetcher, NOW + 10 * 60_000)
    expect(provider.seen).toHaveLength(2)
  })

  it('remembers a failure for five seconds, then tries again', async () => {
    let up = false
    const { fetcher, calls } = documentFetcher(async () => {
      if (!up) throw new TypeError('connection refused')
      return (await testProvider()).routes['/.well-known/openid-configuration']!('', undefined)
    })
    const cache = new DiscoveryCache()
    expect(await problemOf(cache.metadata(ISSUER, fetcher, NOW))).toEqual({
      kind: 'unreachable',
      detail: 'connection refused',
    })
    up = true
    expect((await problemOf(cache.metadata(ISSUER, fetcher, NOW + 4_999))).kind).toBe('unreachable')
    expect(calls).toHaveLength(1)
    await expect(cache.metadata(ISSUER, fetcher, NOW + 5_000)).resolves.toMatchObject({
      issuer: ISSUER,
    })
    expect(calls).toHaveLength(2)
  })

  it('takes a 5xx, a non-JSON answer and a failed fetch as unreachable', async () => {
    for (const answer of [
      () => new Response('oops', { status: 500 }),
      () => new Response('<html>', { status: 200 }),
    ]) {
      const { fetcher } = documentFetcher(answer)
      expect((await problemOf(new DiscoveryCache().metadata(ISSUER, fetcher, NOW))).kind).toBe(
        'unreachable',
      )
    }
  })

  it('refuses a document that names another issuer, or lacks a required endpoint', async () => {
    for (const document of [
      { issuer: 'https://evil.example' },
      { issuer: `${ISSUER}/tenant` },
      { issuer: 'https://IDP.example' },
      { issuer: undefined },
      { jwks_uri: undefined },
      { token_endpoint: 42 },
    ]) {
      const provider = await testProvider({ document })
      const problem = await problemOf(new DiscoveryCache().metadata(ISSUER, provider.fetcher, NOW))
      expect(problem.kind, JSON.stringify(document)).toBe('not-this-issuer')
    }
    // A trailing slash is the same issuer; the document's own spelling is what tokens must carry.
    const slashed = await testProvider({ document: { issuer: `${ISSUER}/` } })
    const metadata = await new DiscoveryCache().metadata(ISSUER, slashed.fetcher, NOW)
    expect(metadata.issuer).toBe(`${ISSUER}/`)
  })

  it('follows no redirect: a 3xx is a refusal, and the fetch was asked not to follow', async () => {
    const { fetcher, calls } = documentFetcher(
      () => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example' } }),
    )
    expect(await problemOf(new DiscoveryCache().metadata(ISSUER, fetcher, NOW))).toEqual({
      kind: 'redirect',
    })
    expect(calls[0]?.redirect).toBe('manual')
  })

  it('holds the issuer to the URL rules before fetching anything', async () => {
    const { fetcher, calls } = documentFetcher(() => Response.json({}))
    for (const issuer of [
      'http://idp.example',
      'https://10.0.0.1',
      'https://169.254.169.254',
      'https://[::ffff:192.168.0.1]',
      'https://user:pw@idp.example',
    ])
      expect((await problemOf(new DiscoveryCache().metadata(issuer, fetcher, NOW))).kind).toBe(
        'issuer',
      )
    expect(calls).toEqual([])
  })

  it('holds every endpoint the document names to the URL rules', async () => {
    const cases: Array<[string, string]> = [
      ['authorization_endpoint', 'http://idp.example/authorize'],
      ['token_endpoint', 'https://10.0.0.5/token'],
      ['jwks_uri', 'http://169.254.169.254/keys'],
      ['userinfo_endpoint', 'https://100.64.0.1/userinfo'],
      ['end_session_endpoint', 'javascript:alert(1)'],
      ['revocation_endpoint', 'http://127.0.0.1/revoke'],
    ]
    for (const [name, value] of cases) {
      const provider = await testProvider({ document: { [name]: value } })
      const problem = await problemOf(new DiscoveryCache().metadata(ISSUER, provider.fetcher, NOW))
      expect(problem, name).toMatchObject({ kind: 'endpoint', name })
      expect(provider.paths()).toEqual(['/.well-known/openid-configuration'])
    }
  })

  it('lets a loopback issuer use plain http on loopback only', async () => {
    const local = 'http://127.0.0.1:9999'
    const endpoints = (base: string) => ({
      issuer: local,
      authorization_endpoint: `${base}/authorize`,
      token_endpoint: `${base}/token`,
      jwks_uri: `${base}/jwks`,
    })
    const good = documentFetcher(() => Response.json(endpoints('http://localhost:9999')))
    await expect(new DiscoveryCache().metadata(local, good.fetcher, NOW)).resolves.toMatchObject({
      tokenEndpoint: 'http://localhost:9999/token',
    })
    const remote = documentFetcher(() => Response.json(endpoints('https://idp.example')))
    expect(
      await problemOf(new DiscoveryCache().metadata(local, remote.fetcher, NOW)),
    ).toMatchObject({ kind: 'endpoint', name: 'authorization_endpoint' })
  })
})
