// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${key} in policy text
import { describe, expect, it } from 'vitest'
import {
  type Decision,
  evaluatePolicies,
  parsePolicyDocument,
  type RequestContext,
} from '../../src/iam/policy'

// A small deterministic generator (mulberry32): every run sees the same cases.
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const next = random(20260501)
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
const some = <T>(items: readonly T[]): T[] => {
  const chosen = items.filter(() => next() < 0.3)
  return chosen.length ? chosen : [pick(items)]
}

const ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  's3:DeleteObject',
  'sts:AssumeRole',
  'iam:CreateUser',
]
const ACTION_PATTERNS = [
  ...ACTIONS,
  '*',
  's3:*',
  's3:Get*',
  's3:?utObject',
  'iam:*',
  'S3:getobject',
]
const RESOURCES = [
  'arn:aws:s3:::media',
  'arn:aws:s3:::media/public/a.png',
  'arn:aws:s3:::media/private/us-east-1:abc/x',
  'arn:aws:s3:::other/public/b',
  'arn:aws:iam::000000000000:user/alice',
]
const RESOURCE_PATTERNS = [
  ...RESOURCES,
  '*',
  'arn:aws:s3:::media/*',
  'arn:aws:s3:::*/public/*',
  'arn:aws:s3:::media/private/${cognito-identity.amazonaws.com:sub}/*',
  'arn:aws:iam::*:user/${aws:username}',
  "arn:aws:s3:::media/${aws:PrincipalTag/team, 'public'}/*",
]
const CONDITIONS: readonly Record<string, Record<string, unknown>>[] = [
  { StringLike: { 's3:prefix': ['public/*', ''] } },
  { StringNotEquals: { 'aws:PrincipalTag/team': 'ops' } },
  { Bool: { 'aws:SecureTransport': 'true' } },
  { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '2001:db8::/32'] } },
  { 'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' } },
  {
    'ForAllValues:StringEquals': {
      'cognito-identity.amazonaws.com:amr': ['authenticated', 'unauthenticated'],
    },
  },
  { Null: { 'aws:TokenIssueTime': 'false' } },
  { NumericLessThanEquals: { 's3:max-keys': 100 } },
]

type RawStatement = Record<string, unknown>

function statement(effect: 'Allow' | 'Deny'): RawStatement {
  const raw: RawStatement = { Effect: effect }
  raw[next() < 0.8 ? 'Action' : 'NotAction'] = some(ACTION_PATTERNS)
  raw[next() < 0.8 ? 'Resource' : 'NotResource'] = some(RESOURCE_PATTERNS)
  if (next() < 0.5) raw.Condition = Object.assign({}, ...some(CONDITIONS))
  return raw
}

function context(): RequestContext {
  const maybe = <T>(value: T): T | undefined => (next() < 0.6 ? value : undefined)
  return {
    'cognito-identity.amazonaws.com:sub': maybe('us-east-1:abc'),
    'cognito-identity.amazonaws.com:amr': maybe(
      some(['authenticated', 'unauthenticated', 'cognito-idp']),
    ),
    'aws:username': maybe(pick(['alice', 'bob'])),
    'aws:PrincipalTag/team': maybe(pick(['ops', 'dev'])),
    'aws:SecureTransport': maybe(next() < 0.5),
    'aws:SourceIp': maybe(pick(['10.1.2.3', '192.0.2.1', '2001:db8::7'])),
    'aws:TokenIssueTime': maybe('2030-01-01T00:00:00Z'),
    's3:prefix': maybe(pick(['public/', 'private/', ''])),
    's3:max-keys': maybe(pick([10, 1000])),
  }
}

const document = (statements: RawStatement[]) =>
  parsePolicyDocument({ Version: '2012-10-17', Statement: statements })

interface Sample {
  statements: RawStatement[]
  request: { action: string; resource: string; context: RequestContext }
}

const samples: Sample[] = Array.from({ length: 300 }, () => ({
  statements: Array.from({ length: 1 + Math.floor(next() * 5) }, () =>
    statement(next() < 0.7 ? 'Allow' : 'Deny'),
  ),
  request: { action: pick(ACTIONS), resource: pick(RESOURCES), context: context() },
}))

const decide = (
  statements: RawStatement[],
  request: Sample['request'],
  session?: RawStatement[],
): Decision =>
  evaluatePolicies(
    {
      identityPolicies: [document(statements)],
      sessionPolicies: session ? [document(session)] : undefined,
    },
    request,
  ).decision

describe('IAM policy evaluation: properties over generated policies', () => {
  it('reaches every decision in the generated cases (the generator is not degenerate)', () => {
    const decisions = new Set(samples.map(({ statements, request }) => decide(statements, request)))
    expect([...decisions].sort()).toEqual(['Allow', 'ExplicitDeny', 'ImplicitDeny'])
  })

  it('never turns a denial into an Allow by adding a Deny statement', () => {
    for (const { statements, request } of samples) {
      const before = decide(statements, request)
      const after = decide([...statements, statement('Deny')], request)
      if (before !== 'Allow') expect(after).not.toBe('Allow')
      if (before === 'ExplicitDeny') expect(after).toBe('ExplicitDeny')
    }
  })

  it('never allows once every Allow statement is removed', () => {
    for (const { statements, request } of samples) {
      const before = decide(statements, request)
      const after = decide(
        statements.filter((s) => s.Effect === 'Deny'),
        request,
      )
      expect(after).toBe(before === 'ExplicitDeny' ? 'ExplicitDeny' : 'ImplicitDeny')
    }
  })

  it('never overrides an explicit deny, nor takes an Allow away, by adding an Allow statement', () => {
    for (const { statements, request } of samples) {
      const before = decide(statements, request)
      const after = decide([...statements, statement('Allow')], request)
      if (before === 'ExplicitDeny') expect(after).toBe('ExplicitDeny')
      if (before === 'Allow') expect(after).toBe('Allow')
    }
  })

  it('never widens access with a session policy', () => {
    for (const { statements, request } of samples) {
      const before = decide(statements, request)
      const session = [statement('Allow'), statement('Allow')]
      const after = decide(statements, request, session)
      if (before !== 'Allow') expect(after).not.toBe('Allow')
      // An allow-everything session policy changes nothing.
      expect(decide(statements, request, [{ Effect: 'Allow', Action: '*', Resource: '*' }])).toBe(
        before,
      )
    }
  })
})
