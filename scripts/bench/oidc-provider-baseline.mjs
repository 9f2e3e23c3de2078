// Baseline for `npm run bench`: panva's oidc-provider on Node, serving the same code exchange
// (public client, PKCE S256, RS256 ID token, refresh token) on a loopback port. Codes are minted
// through its own model API before timing starts, as Portcullis's are through its hosted UI.
//   node scripts/bench/oidc-provider-baseline.mjs PORT   → prints "ready" then serves
import { createHash, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import Provider from 'oidc-provider'

const port = Number(process.argv[2])
const issuer = `http://127.0.0.1:${port}`
const redirectUri = 'https://rp.example/cb'
/**
 * An unbounded in-memory adapter: oidc-provider's quick-start one is an LRU of 1,000 entries, which
 * evicts codes and grants mid-run. In-process memory with no durability favours the baseline.
 */
const store = new Map()
class MapAdapter {
  constructor(name) {
    this.name = name
  }
  key(id) {
    return `${this.name}:${id}`
  }
  async upsert(id, payload) {
    store.set(this.key(id), payload)
    if (payload.grantId) store.set(`grant:${payload.grantId}:${this.key(id)}`, true)
    if (payload.userCode) store.set(`userCode:${payload.userCode}`, id)
    if (payload.uid) store.set(`uid:${payload.uid}`, id)
  }
  async find(id) {
    return store.get(this.key(id))
  }
  async findByUserCode(code) {
    return this.find(store.get(`userCode:${code}`))
  }
  async findByUid(uid) {
    return this.find(store.get(`uid:${uid}`))
  }
  async consume(id) {
    const payload = store.get(this.key(id))
    if (payload) payload.consumed = Math.floor(Date.now() / 1000)
  }
  async destroy(id) {
    store.delete(this.key(id))
  }
  async revokeByGrantId(grantId) {
    for (const key of store.keys()) {
      if (key.startsWith(`grant:${grantId}:`)) {
        store.delete(key.slice(`grant:${grantId}:`.length))
        store.delete(key)
      }
    }
  }
}

const provider = new Provider(issuer, {
  adapter: MapAdapter,
  clients: [
    {
      client_id: 'bench',
      token_endpoint_auth_method: 'none',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ],
  findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id }) }),
  pkce: { required: () => true },
  issueRefreshToken: async () => true,
  features: { devInteractions: { enabled: false } },
})
provider.proxy = false

/** Mints `n` codes for one verifier; not part of the measured work. */
async function mint(n) {
  const verifier = randomBytes(32).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const client = await provider.Client.find('bench')
  const codes = []
  for (let i = 0; i < n; i++) {
    const grant = new provider.Grant({ accountId: 'bench-user', clientId: 'bench' })
    grant.addOIDCScope('openid offline_access')
    const grantId = await grant.save()
    const code = new provider.AuthorizationCode({
      client,
      accountId: 'bench-user',
      grantId,
      scope: 'openid offline_access',
      redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      authTime: Math.floor(Date.now() / 1000),
    })
    codes.push(await code.save())
  }
  return { verifier, codes, redirectUri, clientId: 'bench', tokenEndpoint: `${issuer}/token` }
}

const callback = provider.callback()
createServer(async (request, response) => {
  if (request.url?.startsWith('/__mint')) {
    const n = Number(new URL(request.url, issuer).searchParams.get('n') ?? '1')
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(await mint(n)))
    return
  }
  callback(request, response)
}).listen(port, '127.0.0.1', () => console.log('ready'))
