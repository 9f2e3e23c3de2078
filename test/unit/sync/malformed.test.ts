import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { AUTH, TEST_ADMIN_KEY, type TestApp } from '../support/app'
import { NodeSha256 } from '../support/node-sha256'
import { syncFixture } from '../support/sync-fixture'
import { push, replace } from '../support/sync-records'

/**
 * Property: whatever malformed request reaches the sync API (bad labels and encodings in the path,
 * query values of the wrong type, bodies that are not the model's, unknown methods and paths), the
 * answer is a 4xx REST-JSON error (`x-amzn-ErrorType` and `{"message"}`) or the operation's JSON:
 * never a 500, never another format. Cases come from a seeded generator, so a failure names a seed
 * and a case that replays.
 */

/** mulberry32: a small, seeded generator. */
function generator(seed: number): { int(n: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)]!,
  }
}

interface Reply {
  status: number
  type: string | null
  errorType: string | null
  text: string
}

/** A request at `path` (sent as given: already encoded), SigV4-signed with the admin key unless told. */
async function send(
  app: TestApp,
  init: {
    path: string
    method?: string
    query?: Record<string, string>
    body?: string
    headers?: Record<string, string>
    service?: string | false
  },
): Promise<Reply> {
  const method = init.method ?? 'GET'
  const search = new URLSearchParams(init.query ?? {}).toString()
  const url = `${AUTH}${init.path}${search ? `?${search}` : ''}`
  let headers: Record<string, string> = {
    host: '127.0.0.1:8787',
    ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    ...init.headers,
  }
  if (init.service !== false) {
    const signer = new SignatureV4({
      service: init.service ?? 'cognito-sync',
      region: 'us-east-1',
      credentials: TEST_ADMIN_KEY,
      sha256: NodeSha256,
    })
    const signed = await signer.sign(
      {
        method,
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 8787,
        path: init.path,
        query: init.query ?? {},
        headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
      },
      { signingDate: new Date(app.now()) },
    )
    headers = signed.headers as Record<string, string>
  }
  const response = await app.fetch(url, {
    method,
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  })
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    errorType: response.headers.get('x-amzn-errortype'),
    text: await response.text(),
  }
}

/** A 4xx REST-JSON error (its code), or a JSON success. */
function expectSyncAnswer(reply: Reply, context: string): string {
  expect(reply.status, `${context}\n${reply.text.slice(0, 300)}`).toBeLessThan(500)
  expect(reply.type, context).toBe('application/json')
  const body = JSON.parse(reply.text) as Record<string, unknown>
  if (reply.status === 200) return 'OK'
  expect(reply.status, context).toBeGreaterThanOrEqual(400)
  expect(reply.errorType ?? '', `${context}\n${reply.status} ${reply.text.slice(0, 300)}`).toMatch(
    /^[A-Za-z]+$/,
  )
  expect(typeof body.message, context).toBe('string')
  return reply.errorType!
}

const enc = encodeURIComponent
/** (Dot segments are not here: URL parsing resolves them before any router sees the path.) */
const BAD_LABELS = [
  '',
  '%zz',
  '%',
  '%ED%A0%80',
  '%00',
  'a%2Fb',
  'x'.repeat(300),
  'us-east-1%3A',
  'us-east-1%3AXYZ',
  enc('us-east-1:abc/def'),
  enc('<script>'),
  '__proto__',
  'constructor',
  enc('名前'),
]
const BAD_QUERY = ['', 'abc', '-1', '1e3', '99999999999999999999', '0x10', ' 1', 'NaN', '%zz']
const BAD_BODIES = [
  '',
  '{',
  '[]',
  'null',
  '42',
  '"text"',
  '{"RecordPatches":"x"}',
  '{"RecordPatches":[null]}',
  '{"RecordPatches":[{}]}',
  '{"RecordPatches":[{"Op":"bogus","Key":"k","SyncCount":0}]}',
  '{"RecordPatches":[{"Op":"replace","Key":"k","SyncCount":"0","Value":"v"}]}',
  '{"RecordPatches":[{"Op":"replace","Key":"k","SyncCount":-1,"Value":"v"}]}',
  '{"RecordPatches":[{"Op":"replace","Key":"k","SyncCount":0,"Value":5}]}',
  '{"RecordPatches":[{"Op":"replace","Key":"k","SyncCount":0}]}',
  '{"RecordPatches":[{"Op":"replace","Key":"","SyncCount":0,"Value":"v"}]}',
  '{"RecordPatches":[{"Op":"replace","Key":"k","SyncCount":0,"Value":"v","DeviceLastModifiedDate":"yesterday"}]}',
  '{"RecordPatches":[{"Op":"remove","Key":"k","SyncCount":0},{"Op":"remove","Key":"k","SyncCount":0}]}',
  '{"SyncSessionToken":7}',
  '{"SyncSessionToken":"forged","RecordPatches":[]}',
  '{"DeviceId":""}',
  '{"__proto__":{"RecordPatches":1}}',
  `{"a":${'['.repeat(3000)}${']'.repeat(3000)}}`,
  '\uFEFF{}',
]

describe('malformed requests to the sync API', () => {
  it('answer every generated malformed request with a 4xx REST-JSON error or JSON', async () => {
    const t = await syncFixture()
    const me = await t.device()
    const at = { poolId: t.poolId, identityId: me.identityId }
    const listed = await push(me.sync, at, 'seeded', [replace('k', 'v')])
    expect(listed.Records).toHaveLength(1)
    const good = { pool: enc(t.poolId), identity: enc(me.identityId), dataset: 'seeded' }
    const seed = 20261203
    const random = generator(seed)
    const codes = new Set<string>()
    const templates: Array<{ method: string; path: (l: typeof good) => string; query?: string[] }> =
      [
        {
          method: 'GET',
          path: (l) => `/identitypools/${l.pool}/identities/${l.identity}/datasets`,
          query: ['nextToken', 'maxResults'],
        },
        {
          method: 'GET',
          path: (l) => `/identitypools/${l.pool}/identities/${l.identity}/datasets/${l.dataset}`,
        },
        {
          method: 'DELETE',
          path: (l) => `/identitypools/${l.pool}/identities/${l.identity}/datasets/${l.dataset}x`,
        },
        {
          method: 'GET',
          path: (l) =>
            `/identitypools/${l.pool}/identities/${l.identity}/datasets/${l.dataset}/records`,
          query: ['lastSyncCount', 'maxResults', 'nextToken', 'syncSessionToken'],
        },
        {
          method: 'POST',
          path: (l) => `/identitypools/${l.pool}/identities/${l.identity}/datasets/${l.dataset}`,
        },
        { method: 'GET', path: (l) => `/identitypools/${l.pool}/identities/${l.identity}` },
      ]
    for (const template of templates)
      for (let n = 0; n < 40; n++) {
        const labels = { ...good }
        const broken = random.pick(['pool', 'identity', 'dataset', 'none'] as const)
        if (broken !== 'none') labels[broken] = random.pick(BAD_LABELS)
        const query: Record<string, string> = {}
        for (const name of template.query ?? [])
          if (random.int(2)) query[name] = random.pick(BAD_QUERY)
        const method =
          random.int(8) === 0 ? random.pick(['PUT', 'PATCH', 'GET', 'POST']) : template.method
        const prefix = random.int(3) === 0 ? '/sync' : ''
        const suffix = random.int(10) === 0 ? random.pick(['/', '/extra', '//', '/records/x']) : ''
        const body = method === 'POST' ? random.pick(BAD_BODIES) : undefined
        const signed = random.int(6) > 0
        const path = `${prefix}${template.path(labels)}${suffix}`
        const reply = await send(t.app, {
          path,
          method,
          query,
          ...(body !== undefined ? { body } : {}),
          ...(random.int(5) === 0
            ? { headers: { 'x-amz-client-context': random.pick(BAD_QUERY) } }
            : {}),
          ...(signed ? {} : { service: false }),
        })
        codes.add(
          expectSyncAnswer(
            reply,
            `seed ${seed} ${method} ${path} ${JSON.stringify(query)} ${signed ? 'signed' : 'unsigned'}: ${(body ?? '').slice(0, 200)}`,
          ),
        )
      }
    expect(codes).toContain('InvalidParameterException')
    expect(codes).toContain('MissingAuthenticationTokenException')
    expect(codes).toContain('UnknownOperationException')
  })

  it('refuses a body larger than any operation takes, unsigned or not, with 413', async () => {
    const t = await syncFixture()
    const reply = await send(t.app, {
      path: '/identitypools/us-east-1%3Aabc/identities/us-east-1%3Aabc/datasets/big',
      method: 'POST',
      body: JSON.stringify({ Value: 'x'.repeat(5 * 1024 * 1024) }),
      service: false,
    })
    expect(reply.status).toBe(413)
    expect(reply.errorType).toBe('RequestEntityTooLargeException')
  })

  it('names signature refusals as the signing front does', async () => {
    const t = await syncFixture()
    const path = `/identitypools/${enc(t.poolId)}`
    expect((await send(t.app, { path, service: false })).errorType).toBe(
      'MissingAuthenticationTokenException',
    )
    const otherService = await send(t.app, { path, service: 'cognito-identity' })
    expect(otherService.status).toBe(403)
    expect(otherService.errorType).toBe('InvalidSignatureException')
    const unknown = await send(t.app, { path: '/identitypools/x/y/z' })
    expect(unknown.status).toBe(404)
    expect(unknown.errorType).toBe('UnknownOperationException')
  })
})
