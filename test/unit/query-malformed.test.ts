import { SignatureV4 } from '@smithy/signature-v4'
import { describe, expect, it } from 'vitest'
import { AUTH, TEST_ADMIN_KEY, type TestApp, testApp } from './support/app'
import { permissionPolicy, trustPolicy } from './support/iam'
import { NodeSha256 } from './support/node-sha256'

/**
 * Property: whatever malformed query request reaches IAM or STS (on `POST /` or STS's own `/sts/`),
 * the answer is a 4xx in AWS's XML error envelope with a Code, or, for a request the model lets
 * through, the action's XML answer: never a 500 and never anything but XML. The requests are drawn
 * from a seeded generator, so a failure names a seed and a case that can be replayed.
 */

const FORM = 'application/x-www-form-urlencoded; charset=utf-8'
const IAM_VERSION = '2010-05-08'
const STS_VERSION = '2011-06-15'
const ROLE = 'malformed-role'
const POLICY_ARN = 'arn:aws:iam::000000000000:policy/malformed-policy'

/** mulberry32: a small, seeded generator (the cases must be replayable, not random per run). */
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

type Kind = 'string' | 'integer' | 'policy' | 'list' | 'tags' | 'arns'

/** Every implemented action with a plausible value for each of its members, and each member's kind. */
const ACTIONS: Record<
  string,
  { version: string; members: Record<string, [Kind, string]>; stsOnly?: boolean }
> = {
  AddClientIDToOpenIDConnectProvider: {
    version: IAM_VERSION,
    members: {
      OpenIDConnectProviderArn: [
        'string',
        'arn:aws:iam::000000000000:oidc-provider/issuer.example',
      ],
      ClientID: ['string', 'client-2'],
    },
  },
  AttachRolePolicy: {
    version: IAM_VERSION,
    members: { RoleName: ['string', ROLE], PolicyArn: ['string', POLICY_ARN] },
  },
  CreateOpenIDConnectProvider: {
    version: IAM_VERSION,
    members: {
      Url: ['string', 'https://other-issuer.example'],
      ClientIDList: ['list', 'client-1'],
      ThumbprintList: ['list', 'a'.repeat(40)],
      Tags: ['tags', 'team'],
    },
  },
  CreatePolicy: {
    version: IAM_VERSION,
    members: {
      PolicyName: ['string', 'another-policy'],
      PolicyDocument: ['policy', permissionPolicy()],
      Path: ['string', '/'],
      Description: ['string', 'a policy'],
      Tags: ['tags', 'team'],
    },
  },
  CreateRole: {
    version: IAM_VERSION,
    members: {
      RoleName: ['string', 'another-role'],
      AssumeRolePolicyDocument: ['policy', trustPolicy()],
      Path: ['string', '/'],
      Description: ['string', 'a role'],
      MaxSessionDuration: ['integer', '3600'],
      PermissionsBoundary: ['string', POLICY_ARN],
      Tags: ['tags', 'team'],
    },
  },
  DeleteOpenIDConnectProvider: {
    version: IAM_VERSION,
    members: {
      OpenIDConnectProviderArn: ['string', 'arn:aws:iam::000000000000:oidc-provider/x.example'],
    },
  },
  DeletePolicy: { version: IAM_VERSION, members: { PolicyArn: ['string', POLICY_ARN] } },
  DeleteRole: { version: IAM_VERSION, members: { RoleName: ['string', 'no-such-role'] } },
  DeleteRolePolicy: {
    version: IAM_VERSION,
    members: { RoleName: ['string', ROLE], PolicyName: ['string', 'inline'] },
  },
  DetachRolePolicy: {
    version: IAM_VERSION,
    members: { RoleName: ['string', ROLE], PolicyArn: ['string', POLICY_ARN] },
  },
  GetOpenIDConnectProvider: {
    version: IAM_VERSION,
    members: {
      OpenIDConnectProviderArn: [
        'string',
        'arn:aws:iam::000000000000:oidc-provider/issuer.example',
      ],
    },
  },
  GetPolicy: { version: IAM_VERSION, members: { PolicyArn: ['string', POLICY_ARN] } },
  GetPolicyVersion: {
    version: IAM_VERSION,
    members: { PolicyArn: ['string', POLICY_ARN], VersionId: ['string', 'v1'] },
  },
  GetRole: { version: IAM_VERSION, members: { RoleName: ['string', ROLE] } },
  GetRolePolicy: {
    version: IAM_VERSION,
    members: { RoleName: ['string', ROLE], PolicyName: ['string', 'inline'] },
  },
  ListAttachedRolePolicies: {
    version: IAM_VERSION,
    members: {
      RoleName: ['string', ROLE],
      PathPrefix: ['string', '/'],
      Marker: ['string', 'm'],
      MaxItems: ['integer', '10'],
    },
  },
  ListOpenIDConnectProviders: { version: IAM_VERSION, members: {} },
  ListRolePolicies: {
    version: IAM_VERSION,
    members: { RoleName: ['string', ROLE], Marker: ['string', 'm'], MaxItems: ['integer', '10'] },
  },
  ListRoles: {
    version: IAM_VERSION,
    members: { PathPrefix: ['string', '/'], Marker: ['string', 'm'], MaxItems: ['integer', '10'] },
  },
  PutRolePolicy: {
    version: IAM_VERSION,
    members: {
      RoleName: ['string', ROLE],
      PolicyName: ['string', 'inline'],
      PolicyDocument: ['policy', permissionPolicy()],
    },
  },
  RemoveClientIDFromOpenIDConnectProvider: {
    version: IAM_VERSION,
    members: {
      OpenIDConnectProviderArn: [
        'string',
        'arn:aws:iam::000000000000:oidc-provider/issuer.example',
      ],
      ClientID: ['string', 'client-1'],
    },
  },
  UpdateAssumeRolePolicy: {
    version: IAM_VERSION,
    members: { RoleName: ['string', ROLE], PolicyDocument: ['policy', trustPolicy()] },
  },
  AssumeRoleWithWebIdentity: {
    version: STS_VERSION,
    stsOnly: true,
    members: {
      RoleArn: ['string', `arn:aws:iam::000000000000:role/${ROLE}`],
      RoleSessionName: ['string', 'session'],
      WebIdentityToken: ['string', 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln'],
      ProviderId: ['string', 'www.amazon.com'],
      Policy: ['policy', permissionPolicy()],
      DurationSeconds: ['integer', '3600'],
      PolicyArns: ['arns', POLICY_ARN],
    },
  },
  GetCallerIdentity: { version: STS_VERSION, stsOnly: true, members: {} },
}

const LONG = 'a'.repeat(100 * 1024)

/** Raw form text (already encoded, so escapes such as `%ff` reach the parser as they are). */
const BAD_SCALARS = [
  '',
  LONG,
  '%ff',
  '%',
  '%zz',
  '%ED%A0%80',
  '%00',
  '%C0%AF',
  'abc',
  '1e3',
  '-1',
  '0',
  '900.5',
  '%20900',
  '99999999999999999999999999',
  '2147483648',
  '-9223372036854775809',
  'NaN',
  'Infinity',
  '%3Cx%3E%26',
  'hasOwnProperty',
  '__proto__',
]

const BAD_POLICIES = [
  '{',
  '[]',
  'null',
  '42',
  '%22str%22',
  encodeURIComponent(
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":{},"Resource":1}]}',
  ),
  encodeURIComponent('{"Version":"2012-10-17","Statement":{"Effect":"Maybe"}}'),
  encodeURIComponent(
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":7,"Action":"sts:*"}]}',
  ),
  encodeURIComponent(
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"StringEquals":[1]}}]}',
  ),
  encodeURIComponent(
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Condition":{"Bogus":{"a":"b"}}}]}',
  ),
  encodeURIComponent('{"__proto__":{"x":1},"Statement":[]}'),
  '['.repeat(5000),
  encodeURIComponent(`{"Statement":${'['.repeat(3000)}${']'.repeat(3000)}}`),
  encodeURIComponent(`{"a":"${'x'.repeat(120_000)}"}`),
]

const encode = (value: string): string => encodeURIComponent(value)

/** One member given a malformed value, as form pairs (raw, already encoded). */
function malformedMember(
  random: ReturnType<typeof generator>,
  name: string,
  [kind, good]: [Kind, string],
): string[] {
  const scalar = (): string =>
    random.pick([...BAD_SCALARS, ...(kind === 'policy' ? BAD_POLICIES : [])])
  const huge = random.pick(['0', '-1', '1001', '4294967296', '99999999999999999999', 'x', ''])
  switch (random.int(kind === 'list' || kind === 'tags' || kind === 'arns' ? 4 : 3)) {
    case 0:
      // A duplicated key, the second value malformed.
      return [`${name}=${encode(good)}`, `${name}=${scalar()}`]
    case 1:
      if (kind === 'list')
        return random.pick([
          [`${name}.member.0=${encode(good)}`],
          [`${name}.member.1=${encode(good)}`, `${name}.member.3=${encode(good)}`],
          [`${name}.member.${huge}=${encode(good)}`],
          [`${name}.member.1=${scalar()}`],
          [`${name}=${encode(good)}`],
          Array.from({ length: 1001 }, (_, n) => `${name}.member.${n + 1}=${encode(good)}`),
        ])
      if (kind === 'tags')
        return random.pick([
          [`${name}.member.1.Key=${encode(good)}`],
          [`${name}.member.1.Value=${encode(good)}`],
          [`${name}.member.0.Key=${encode(good)}`, `${name}.member.0.Value=v`],
          [`${name}.member.2.Key=${encode(good)}`, `${name}.member.2.Value=v`],
          [`${name}.member.${huge}.Key=k`, `${name}.member.${huge}.Value=v`],
          [`${name}.member.1=${encode(good)}`],
          [`${name}.member.1.Key=${scalar()}`, `${name}.member.1.Value=${scalar()}`],
          Array.from(
            { length: 51 },
            (_, n) => `${name}.member.${n + 1}.Key=k${n}&${name}.member.${n + 1}.Value=v`,
          ),
        ])
      if (kind === 'arns')
        return random.pick([
          [`${name}.member.1.arn=${encode(good)}`],
          [`${name}.member.0.arn=${scalar()}`],
          [`${name}.member.${huge}.arn=${encode(good)}`],
          [`${name}.member.1=${encode(good)}`],
        ])
      return [`${name}=${scalar()}`]
    case 2:
      return [`${name}=${scalar()}`]
    default:
      return [`${name}.member.1=${scalar()}`, `${name}.member.${huge}=${scalar()}`]
  }
}

/** A request's form: an action's members, one or two of them malformed, sometimes more. */
function malformedForm(random: ReturnType<typeof generator>, action: string): string {
  const { version, members } = ACTIONS[action]!
  const names = Object.keys(members)
  const broken = new Set(
    names.length === 0 ? [] : Array.from({ length: 1 + random.int(2) }, () => random.pick(names)),
  )
  const pairs = [`Action=${action}`, `Version=${version}`]
  for (const name of names) {
    if (broken.has(name)) pairs.push(...malformedMember(random, name, members[name]!))
    else if (random.int(4) > 0) pairs.push(`${name}=${encode(members[name]![1])}`)
  }
  if (names.length === 0 || random.int(4) === 0)
    pairs.push(
      `${random.pick(['Unknown', 'Action', 'Version', 'X.member.1'])}=${random.pick(BAD_SCALARS)}`,
    )
  return pairs.join('&')
}

interface Reply {
  status: number
  type: string | null
  text: string
}

/** A request at `path`, SigV4-signed with the admin key for `service` unless `service` is false. */
async function send(
  app: TestApp,
  init: {
    path?: string
    method?: string
    body?: string | Uint8Array
    contentType?: string | null
    service?: string | false
    query?: string
  },
): Promise<Reply> {
  const path = init.path ?? '/'
  const url = new URL(`${AUTH}${path}${init.query ? `?${init.query}` : ''}`)
  const method = init.method ?? 'POST'
  let headers: Record<string, string> = { host: url.host }
  if (init.contentType !== null) headers['content-type'] = init.contentType ?? FORM
  if (init.service !== false) {
    const signer = new SignatureV4({
      service: init.service ?? 'iam',
      region: 'us-east-1',
      credentials: TEST_ADMIN_KEY,
      sha256: NodeSha256,
    })
    const query: Record<string, string> = {}
    for (const [key, value] of url.searchParams) query[key] = value
    const signed = await signer.sign(
      {
        method,
        protocol: 'http:',
        hostname: url.hostname,
        port: 8787,
        path,
        query,
        headers,
        ...(init.body !== undefined ? { body: init.body } : {}),
      },
      { signingDate: new Date(app.now()) },
    )
    headers = signed.headers as Record<string, string>
  }
  const response = await app.fetch(url.href, {
    method,
    headers,
    ...(init.body !== undefined ? { body: init.body } : {}),
  })
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text: await response.text(),
  }
}

const ERROR_ENVELOPE =
  /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="https:\/\/(iam|sts)\.amazonaws\.com\/doc\/\d{4}-\d\d-\d\d\/"><Error><Type>Sender<\/Type><Code>(\w+)<\/Code><Message>[^<]*<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/

/** The answer is a 4xx XML error envelope (its Code), or an action's XML success. */
function expectQueryAnswer(reply: Reply, context: string): string {
  expect(reply.status, `${context}\n${reply.text.slice(0, 500)}`).toBeLessThan(500)
  expect(reply.type, context).toBe('text/xml')
  if (reply.status === 200) {
    expect(reply.text, context).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<(\w+)Response xmlns="[^"]+">.*<RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/\1Response>$/s,
    )
    return 'OK'
  }
  expect(reply.status, context).toBeGreaterThanOrEqual(400)
  const match = ERROR_ENVELOPE.exec(reply.text)
  expect(match, `${context}\n${reply.text.slice(0, 500)}`).not.toBeNull()
  return match![2]!
}

/** A Worker with a role, a managed policy and an OIDC provider, so actions reach past "not found". */
async function seeded(): Promise<TestApp> {
  const app = testApp()
  const setup = [
    `Action=CreateRole&Version=${IAM_VERSION}&RoleName=${ROLE}&AssumeRolePolicyDocument=${encode(trustPolicy())}`,
    `Action=CreatePolicy&Version=${IAM_VERSION}&PolicyName=malformed-policy&PolicyDocument=${encode(permissionPolicy())}`,
    `Action=PutRolePolicy&Version=${IAM_VERSION}&RoleName=${ROLE}&PolicyName=inline&PolicyDocument=${encode(permissionPolicy())}`,
    `Action=CreateOpenIDConnectProvider&Version=${IAM_VERSION}&Url=${encode('https://issuer.example')}&ClientIDList.member.1=client-1`,
  ]
  for (const body of setup) expect((await send(app, { body })).status).toBe(200)
  return app
}

/** Where an action can be asked: IAM only on `/`, STS on `/` and `/sts/`. */
const surfaces = (action: string): { path: string; service: string }[] =>
  ACTIONS[action]!.version === STS_VERSION
    ? [
        { path: '/', service: 'sts' },
        { path: '/sts/', service: 'sts' },
      ]
    : [{ path: '/', service: 'iam' }]

describe('malformed query requests to IAM and STS', () => {
  it('answer every generated malformed form with a 4xx XML error or an XML answer', async () => {
    const app = await seeded()
    const seed = 20261203
    const random = generator(seed)
    const codes = new Set<string>()
    for (const action of Object.keys(ACTIONS))
      for (let n = 0; n < 30; n++) {
        const body = malformedForm(random, action)
        for (const { path, service } of surfaces(action)) {
          const signed = random.int(5) > 0
          const reply = await send(app, { path, body, service: signed ? service : false })
          codes.add(
            expectQueryAnswer(
              reply,
              `seed ${seed} ${path} ${signed ? 'signed' : 'unsigned'}: ${body.slice(0, 400)}`,
            ),
          )
        }
      }
    // The generator reaches the layers it is meant to: the form, the shapes and the domain.
    expect(codes).toContain('ValidationError')
    expect(codes).toContain('MalformedQueryString')
    expect(codes).toContain('MalformedPolicyDocument')
  })

  it('answers every member of every action given each malformed value alone', async () => {
    const app = await seeded()
    for (const [action, { version, members }] of Object.entries(ACTIONS))
      for (const [name, [kind]] of Object.entries(members)) {
        const others = Object.entries(members)
          .filter(([other]) => other !== name)
          .map(([other, [, value]]) => `${other}=${encode(value)}`)
        const values = [...BAD_SCALARS, ...(kind === 'policy' ? BAD_POLICIES : [])]
        for (const value of values) {
          const body = [
            `Action=${action}`,
            `Version=${version}`,
            ...others,
            `${name}=${value}`,
          ].join('&')
          for (const { path, service } of surfaces(action))
            expectQueryAnswer(
              await send(app, { path, body, service }),
              `${path}: ${body.slice(0, 400)}`,
            )
        }
      }
  })

  it.each([
    ['missing Action (IAM)', `Version=${IAM_VERSION}`, 'iam', 'MissingAction'],
    ['missing Action (STS)', `Version=${STS_VERSION}`, 'sts', 'MissingAction'],
    ['unknown Action (IAM)', `Action=Frobnicate&Version=${IAM_VERSION}`, 'iam', 'InvalidAction'],
    ['unknown Action (STS)', `Action=AssumeRole&Version=${STS_VERSION}`, 'sts', 'InvalidAction'],
    ['missing Version', 'Action=GetCallerIdentity', 'sts', 'MissingParameter'],
    ['wrong Version', 'Action=GetCallerIdentity&Version=2010-05-08x', 'sts', 'InvalidAction'],
    ['empty Version', 'Action=GetCallerIdentity&Version=', 'sts', 'InvalidAction'],
    [
      'IAM action at STS Version',
      `Action=ListRoles&Version=${STS_VERSION}`,
      'sts',
      'InvalidAction',
    ],
    ['empty Action', `Action=&Version=${STS_VERSION}`, 'sts', 'InvalidAction'],
    [
      'duplicated Action',
      `Action=GetCallerIdentity&Action=Frobnicate&Version=${STS_VERSION}`,
      'sts',
      null,
    ],
    ['a lone escape', '%', 'sts', 'MalformedQueryString'],
    ['only separators', '&&&=&=', 'sts', 'MissingParameter'],
  ])('answers %s with an XML error on both STS paths', async (_, body, service, code) => {
    const app = testApp()
    for (const path of service === 'sts' ? ['/', '/sts/'] : ['/']) {
      const reply = await send(app, { path, body, service })
      const answered = expectQueryAnswer(reply, `${path} ${body}`)
      if (code) expect(answered).toBe(code)
    }
  })

  it.each([
    [
      'a JSON body',
      JSON.stringify({ Action: 'GetCallerIdentity', Version: STS_VERSION }),
      'application/json',
    ],
    [
      'a multipart body',
      `--b\r\nContent-Disposition: form-data; name="Action"\r\n\r\nGetCallerIdentity\r\n--b--\r\n`,
      'multipart/form-data; boundary=b',
    ],
    ['no content type', `Action=GetCallerIdentity&Version=${STS_VERSION}`, null],
    ['text/plain', `Action=GetCallerIdentity&Version=${STS_VERSION}`, 'text/plain'],
    ['no body', undefined, FORM],
  ])('answers %s at /sts/ with an XML error', async (_, body, contentType) => {
    const app = testApp()
    const reply = await send(app, { path: '/sts/', body, contentType, service: 'sts' })
    expect(expectQueryAnswer(reply, `${contentType}`)).not.toBe('OK')
  })

  it.each([
    [
      'a multipart body',
      `--b\r\nContent-Disposition: form-data; name="Action"\r\n\r\nListRoles\r\n--b--\r\n`,
      'multipart/form-data; boundary=b',
    ],
    ['no body', undefined, FORM],
    ['an empty body', '', FORM],
  ])('answers %s at / with an XML error', async (_, body, contentType) => {
    const app = testApp()
    const reply = await send(app, { path: '/', body, contentType })
    expect(expectQueryAnswer(reply, `${contentType}`)).not.toBe('OK')
  })

  it('answers a body over the limit with 413 in XML, declared or streamed, on every path', async () => {
    const app = testApp()
    const huge = `Action=GetCallerIdentity&Version=${STS_VERSION}&Pad=${'x'.repeat(600 * 1024)}`
    for (const path of ['/', '/sts/']) {
      const declared = await send(app, { path, body: huge, service: false })
      expect(declared.status).toBe(413)
      expect(expectQueryAnswer(declared, path)).toBe('RequestEntityTooLarge')
      const bytes = new TextEncoder().encode(huge)
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let offset = 0; offset < bytes.length; offset += 64 * 1024)
            controller.enqueue(bytes.slice(offset, offset + 64 * 1024))
          controller.close()
        },
      })
      const response = await app.fetch(`${AUTH}${path}`, {
        method: 'POST',
        headers: { 'content-type': FORM },
        body: stream,
        duplex: 'half',
      } as RequestInit)
      const streamed = {
        status: response.status,
        type: response.headers.get('content-type'),
        text: await response.text(),
      }
      expect(streamed.status).toBe(413)
      expect(expectQueryAnswer(streamed, `${path} streamed`)).toBe('RequestEntityTooLarge')
    }
  })

  it.each([
    ['/', `Action=ListRoles&Version=${IAM_VERSION}`, 'iam'],
    ['/', `Action=GetCallerIdentity&Version=${STS_VERSION}`, 'sts'],
    ['/sts/', `Action=GetCallerIdentity&Version=${STS_VERSION}`, 'sts'],
    ['/sts/', `Action=AssumeRoleWithWebIdentity&Version=${STS_VERSION}&RoleArn=x`, 'sts'],
    ['/sts', `Action=GetCallerIdentity&Version=${STS_VERSION}`, 'sts'],
  ])('answers GET %s?%s with an XML error rather than running it', async (path, query, service) => {
    const app = testApp()
    const reply = await send(app, { path, method: 'GET', query, contentType: null, service })
    expect(expectQueryAnswer(reply, `GET ${path}?${query}`)).not.toBe('OK')
  })
})
