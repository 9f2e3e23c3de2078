// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${key} in policy text
import { describe, expect, it } from 'vitest'
import { evaluatePolicies, parsePolicyDocument, type RequestContext } from '../../src/iam/policy'

type Values = string | number | boolean | (string | number | boolean)[]

/** Whether a statement with this one condition allows a request with this context. */
function holds(operator: string, key: string, values: Values, context: RequestContext): boolean {
  const policy = parsePolicyDocument({
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Action: '*',
      Resource: '*',
      Condition: { [operator]: { [key]: values } },
    },
  })
  const result = evaluatePolicies(
    { identityPolicies: [policy] },
    { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context },
  )
  return result.decision === 'Allow'
}

type Case = [
  operator: string,
  key: string,
  values: Values,
  context: RequestContext,
  expected: boolean,
]

const AUD = 'cognito-identity.amazonaws.com:aud'
const AMR = 'cognito-identity.amazonaws.com:amr'
const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555'

const cases: Record<string, Case[]> = {
  strings: [
    ['StringEquals', AUD, POOL, { [AUD]: POOL }, true],
    ['StringEquals', AUD, POOL, { [AUD]: POOL.toUpperCase() }, false],
    ['StringEquals', AUD, ['other', POOL], { [AUD]: POOL }, true],
    ['StringEquals', AUD, POOL, {}, false],
    ['StringEquals', 's3:prefix', 'a*', { 's3:prefix': 'abc' }, false],
    ['StringEquals', 's3:prefix', 'a*', { 's3:prefix': 'a*' }, true],
    ['StringNotEquals', AUD, POOL, { [AUD]: 'other' }, true],
    ['StringNotEquals', AUD, POOL, { [AUD]: POOL }, false],
    ['StringNotEquals', AUD, ['a', 'b'], { [AUD]: 'b' }, false],
    ['StringNotEquals', AUD, POOL, {}, true],
    [
      'StringEqualsIgnoreCase',
      'aws:PrincipalTag/team',
      'Red',
      { 'aws:principaltag/TEAM': 'rED' },
      true,
    ],
    [
      'StringEqualsIgnoreCase',
      'aws:PrincipalTag/team',
      'Red',
      { 'aws:PrincipalTag/team': 'blue' },
      false,
    ],
    [
      'StringNotEqualsIgnoreCase',
      'aws:PrincipalTag/team',
      'Red',
      { 'aws:PrincipalTag/team': 'RED' },
      false,
    ],
    [
      'StringNotEqualsIgnoreCase',
      'aws:PrincipalTag/team',
      'Red',
      { 'aws:PrincipalTag/team': 'blue' },
      true,
    ],
    ['StringLike', 's3:prefix', 'home/*', { 's3:prefix': 'home/a/b' }, true],
    ['StringLike', 's3:prefix', 'home/?', { 's3:prefix': 'home/ab' }, false],
    ['StringLike', 's3:prefix', 'Home/*', { 's3:prefix': 'home/a' }, false],
    ['StringLike', 's3:prefix', ['', 'home/'], { 's3:prefix': '' }, true],
    ['StringNotLike', 's3:prefix', 'private/*', { 's3:prefix': 'public/x' }, true],
    ['StringNotLike', 's3:prefix', 'private/*', { 's3:prefix': 'private/x' }, false],
    ['StringNotLike', 's3:prefix', 'private/*', {}, true],
    ['StringEqualsIfExists', 's3:delimiter', '/', {}, true],
    ['StringEqualsIfExists', 's3:delimiter', '/', { 's3:delimiter': '/' }, true],
    ['StringEqualsIfExists', 's3:delimiter', '/', { 's3:delimiter': '|' }, false],
    ['StringNotEqualsIfExists', 's3:delimiter', '/', { 's3:delimiter': '/' }, false],
    ['StringLikeIfExists', 's3:prefix', 'public/*', {}, true],
    [
      'StringEquals',
      'aws:username',
      '${aws:PrincipalTag/name}',
      { 'aws:username': 'al', 'aws:PrincipalTag/name': 'al' },
      true,
    ],
    [
      'StringEquals',
      'aws:username',
      '${aws:PrincipalTag/name}',
      { 'aws:username': 'al', 'aws:PrincipalTag/name': 'bo' },
      false,
    ],
    [
      'StringEquals',
      'aws:username',
      "${aws:PrincipalTag/name, 'al'}",
      { 'aws:username': 'al' },
      true,
    ],
    ['StringEquals', 'aws:username', '${aws:PrincipalTag/name}', { 'aws:username': 'al' }, false],
    [
      'StringEquals',
      'aws:username',
      ['al', '${aws:PrincipalTag/name}'],
      { 'aws:username': 'al' },
      true,
    ],
    // A negated operator cannot show the value differs from a variable that has no value.
    [
      'StringNotEquals',
      'aws:username',
      '${aws:PrincipalTag/name}',
      { 'aws:username': 'al' },
      false,
    ],
    ['StringNotEquals', 'aws:username', '${aws:PrincipalTag/name}', {}, false],
    [
      'StringLike',
      's3:prefix',
      'home/${aws:username}/*',
      { 's3:prefix': 'home/al/x', 'aws:username': 'al' },
      true,
    ],
    // Substituted text is literal, even under StringLike.
    [
      'StringLike',
      's3:prefix',
      'home/${aws:username}/x',
      { 's3:prefix': 'home/al/x', 'aws:username': '*' },
      false,
    ],
    ['StringLike', 's3:prefix', 'a${*}b', { 's3:prefix': 'a*b' }, true],
    ['StringLike', 's3:prefix', 'a${*}b', { 's3:prefix': 'axb' }, false],
    // A multivalued key without a set qualifier matches when any value does.
    ['StringEquals', AMR, 'authenticated', { [AMR]: ['authenticated', 'cognito-idp'] }, true],
    ['StringNotEquals', AMR, 'unauthenticated', { [AMR]: ['authenticated', 'cognito-idp'] }, true],
    ['StringNotEquals', AMR, 'authenticated', { [AMR]: ['authenticated', 'cognito-idp'] }, false],
  ],
  numbers: [
    ['NumericEquals', 's3:max-keys', 10, { 's3:max-keys': 10 }, true],
    ['NumericEquals', 's3:max-keys', '10', { 's3:max-keys': '10.0' }, true],
    ['NumericEquals', 's3:max-keys', 10, { 's3:max-keys': 11 }, false],
    ['NumericNotEquals', 's3:max-keys', 10, { 's3:max-keys': 11 }, true],
    ['NumericNotEquals', 's3:max-keys', 10, {}, true],
    ['NumericLessThan', 's3:max-keys', 10, { 's3:max-keys': 9 }, true],
    ['NumericLessThan', 's3:max-keys', 10, { 's3:max-keys': 10 }, false],
    ['NumericLessThanEquals', 's3:max-keys', 10, { 's3:max-keys': 10 }, true],
    ['NumericGreaterThan', 's3:max-keys', 10, { 's3:max-keys': 10.5 }, true],
    ['NumericGreaterThan', 's3:max-keys', 10, { 's3:max-keys': 10 }, false],
    ['NumericGreaterThanEquals', 's3:max-keys', 10, { 's3:max-keys': 10 }, true],
    ['NumericLessThan', 's3:max-keys', 10, { 's3:max-keys': 'many' }, false],
    ['NumericLessThan', 's3:max-keys', 10, {}, false],
    ['NumericLessThanIfExists', 's3:max-keys', 10, {}, true],
  ],
  dates: [
    [
      'DateLessThan',
      'aws:CurrentTime',
      '2030-01-01T00:00:00Z',
      { 'aws:CurrentTime': '2029-12-31T23:59:59Z' },
      true,
    ],
    [
      'DateLessThan',
      'aws:CurrentTime',
      '2030-01-01T00:00:00Z',
      { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
      false,
    ],
    [
      'DateLessThanEquals',
      'aws:CurrentTime',
      '2030-01-01T00:00:00Z',
      { 'aws:CurrentTime': '2030-01-01T00:00:00.000Z' },
      true,
    ],
    [
      'DateGreaterThan',
      'aws:CurrentTime',
      '2030-01-01',
      { 'aws:CurrentTime': '2030-01-01T00:00:01Z' },
      true,
    ],
    [
      'DateGreaterThanEquals',
      'aws:CurrentTime',
      '2030-01-01T02:00:00+02:00',
      { 'aws:CurrentTime': '2030-01-01T00:00:00Z' },
      true,
    ],
    ['DateEquals', 'aws:EpochTime', '2030-01-01T00:00:00Z', { 'aws:EpochTime': 1893456000 }, true],
    ['DateEquals', 'aws:EpochTime', 1893456000, { 'aws:EpochTime': '1893456000' }, true],
    ['DateNotEquals', 'aws:EpochTime', 1893456000, { 'aws:EpochTime': 1893456001 }, true],
    ['DateNotEquals', 'aws:EpochTime', 1893456000, { 'aws:EpochTime': 1893456000 }, false],
    ['DateGreaterThan', 'aws:TokenIssueTime', '2030-01-01T00:00:00Z', {}, false],
    ['DateGreaterThanIfExists', 'aws:TokenIssueTime', '2030-01-01T00:00:00Z', {}, true],
    [
      'DateLessThan',
      'aws:CurrentTime',
      '2030-01-01T00:00:00Z',
      { 'aws:CurrentTime': 'yesterday' },
      false,
    ],
  ],
  booleans: [
    ['Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': true }, true],
    ['Bool', 'aws:SecureTransport', true, { 'aws:SecureTransport': 'TRUE' }, true],
    ['Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': true }, false],
    ['Bool', 'aws:SecureTransport', 'false', {}, false],
    ['BoolIfExists', 'aws:SecureTransport', 'true', {}, true],
    ['BoolIfExists', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': false }, false],
  ],
  binary: [
    ['BinaryEquals', 'x:blob', 'QmluYXJ5VmFsdWU=', { 'x:blob': 'QmluYXJ5VmFsdWU=' }, true],
    ['BinaryEquals', 'x:blob', 'QmluYXJ5VmFsdWU=', { 'x:blob': 'T3RoZXI=' }, false],
    ['BinaryEquals', 'x:blob', 'QmluYXJ5VmFsdWU=', { 'x:blob': 'not base64!' }, false],
    ['BinaryEqualsIfExists', 'x:blob', 'QmluYXJ5VmFsdWU=', {}, true],
  ],
  addresses: [
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.77' }, true],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.114.1' }, false],
    ['IpAddress', 'aws:SourceIp', '203.0.113.5', { 'aws:SourceIp': '203.0.113.5' }, true],
    ['IpAddress', 'aws:SourceIp', '0.0.0.0/0', { 'aws:SourceIp': '198.51.100.1' }, true],
    [
      'IpAddress',
      'aws:SourceIp',
      ['10.0.0.0/8', '2001:db8::/32'],
      { 'aws:SourceIp': '2001:db8:1234::1' },
      true,
    ],
    [
      'IpAddress',
      'aws:SourceIp',
      '2001:DB8:1234::/48',
      { 'aws:SourceIp': '2001:db8:1234:ffff:ffff:ffff:ffff:ffff' },
      true,
    ],
    [
      'IpAddress',
      'aws:SourceIp',
      '2001:db8:1234::/48',
      { 'aws:SourceIp': '2001:db8:1235::1' },
      false,
    ],
    [
      'IpAddress',
      'aws:SourceIp',
      '::ffff:192.0.2.0/120',
      { 'aws:SourceIp': '::ffff:192.0.2.9' },
      true,
    ],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '192.0.2.1' }, false],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': 'not-an-ip' }, false],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', {}, false],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '11.0.0.1' }, true],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '10.1.2.3' }, false],
    ['NotIpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db9::1' }, true],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', {}, true],
    ['IpAddressIfExists', 'aws:SourceIp', '10.0.0.0/8', {}, true],
  ],
  arns: [
    [
      'ArnEquals',
      'aws:SourceArn',
      'arn:aws:sns:us-east-1:000000000000:topic',
      { 'aws:SourceArn': 'arn:aws:sns:us-east-1:000000000000:topic' },
      true,
    ],
    [
      'ArnLike',
      'aws:SourceArn',
      'arn:aws:sns:*:000000000000:*',
      { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:000000000000:t:x' },
      true,
    ],
    [
      'ArnLike',
      'aws:SourceArn',
      'arn:aws:sns:*:000000000000:*',
      { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111111111111:t' },
      false,
    ],
    [
      'ArnEquals',
      'aws:SourceArn',
      'arn:aws:sns:us-east-1:000000000000:topic',
      { 'aws:SourceArn': 'topic' },
      false,
    ],
    [
      'ArnNotEquals',
      'aws:SourceArn',
      'arn:aws:sns:us-east-1:000000000000:topic',
      { 'aws:SourceArn': 'arn:aws:sns:us-east-1:000000000000:other' },
      true,
    ],
    [
      'ArnNotLike',
      'aws:SourceArn',
      'arn:aws:sns:*:*:*',
      { 'aws:SourceArn': 'arn:aws:sns:us-east-1:000000000000:t' },
      false,
    ],
    ['ArnNotLike', 'aws:SourceArn', 'arn:aws:sns:*:*:*', {}, true],
    ['ArnLikeIfExists', 'aws:SourceArn', 'arn:aws:sns:*:*:*', {}, true],
  ],
  null: [
    ['Null', 'aws:TokenIssueTime', 'true', {}, true],
    ['Null', 'aws:TokenIssueTime', 'true', { 'aws:TokenIssueTime': '2030-01-01T00:00:00Z' }, false],
    ['Null', 'aws:TokenIssueTime', 'false', { 'aws:TokenIssueTime': '2030-01-01T00:00:00Z' }, true],
    ['Null', 'aws:TokenIssueTime', false, {}, false],
    ['Null', AMR, 'true', { [AMR]: [] }, true],
  ],
  sets: [
    [
      'ForAnyValue:StringLike',
      AMR,
      'authenticated',
      { [AMR]: ['authenticated', 'cognito-idp.us-east-1.amazonaws.com/pool'] },
      true,
    ],
    ['ForAnyValue:StringLike', AMR, 'authenticated', { [AMR]: ['unauthenticated'] }, false],
    ['ForAnyValue:StringLike', AMR, 'authenticated', { [AMR]: [] }, false],
    ['ForAnyValue:StringLike', AMR, 'authenticated', {}, false],
    ['ForAnyValue:StringLike', AMR, 'auth*', { [AMR]: 'authenticated' }, true],
    [
      'ForAllValues:StringEquals',
      AMR,
      ['authenticated', 'graph.facebook.com'],
      { [AMR]: ['authenticated', 'graph.facebook.com'] },
      true,
    ],
    [
      'ForAllValues:StringEquals',
      AMR,
      ['authenticated'],
      { [AMR]: ['authenticated', 'graph.facebook.com'] },
      false,
    ],
    // ForAllValues holds vacuously for a missing key or an empty set.
    ['ForAllValues:StringEquals', AMR, ['authenticated'], {}, true],
    ['ForAllValues:StringEquals', AMR, ['authenticated'], { [AMR]: [] }, true],
    ['ForAllValues:StringEquals', AMR, ['authenticated'], { [AMR]: '' }, true],
    ['ForAnyValue:StringEquals', AMR, ['authenticated'], { [AMR]: '' }, false],
    [
      'ForAllValues:StringNotEquals',
      AMR,
      ['unauthenticated'],
      { [AMR]: ['authenticated', 'x'] },
      true,
    ],
    [
      'ForAllValues:StringNotEquals',
      AMR,
      ['unauthenticated'],
      { [AMR]: ['authenticated', 'unauthenticated'] },
      false,
    ],
    [
      'ForAnyValue:StringNotEquals',
      AMR,
      ['authenticated'],
      { [AMR]: ['authenticated', 'x'] },
      true,
    ],
    ['ForAnyValue:StringNotEquals', AMR, ['authenticated'], { [AMR]: ['authenticated'] }, false],
    ['ForAnyValue:StringEqualsIfExists', AMR, 'authenticated', {}, true],
    [
      'ForAllValues:StringLike',
      'aws:TagKeys',
      'Created*',
      { 'aws:TagKeys': ['CreatedBy', 'CreatedAt'] },
      true,
    ],
    [
      'ForAllValues:StringLike',
      'aws:TagKeys',
      'Created*',
      { 'aws:TagKeys': ['CreatedBy', 'Owner'] },
      false,
    ],
  ],
}

describe('IAM condition operators', () => {
  for (const [family, table] of Object.entries(cases))
    describe(family, () => {
      it.each(table)('%s %s %j with %j → %s', (operator, key, values, context, expected) => {
        expect(holds(operator, key, values, context)).toBe(expected)
      })
    })

  it('ANDs operators and keys, and ORs the values of one key', () => {
    const policy = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: 'arn:aws:s3:::b',
        Condition: {
          StringLike: { 's3:prefix': ['a/*', 'b/*'], 's3:delimiter': '/' },
          NumericLessThanEquals: { 's3:max-keys': 100 },
        },
      },
    })
    const decide = (context: RequestContext) =>
      evaluatePolicies(
        { identityPolicies: [policy] },
        { action: 's3:ListBucket', resource: 'arn:aws:s3:::b', context },
      ).decision
    expect(decide({ 's3:prefix': 'b/x', 's3:delimiter': '/', 's3:max-keys': 50 })).toBe('Allow')
    expect(decide({ 's3:prefix': 'c/x', 's3:delimiter': '/', 's3:max-keys': 50 })).toBe(
      'ImplicitDeny',
    )
    expect(decide({ 's3:prefix': 'a/x', 's3:max-keys': 50 })).toBe('ImplicitDeny')
    expect(decide({ 's3:prefix': 'a/x', 's3:delimiter': '/', 's3:max-keys': 500 })).toBe(
      'ImplicitDeny',
    )
  })

  it('denies on a negated condition when the key is missing, as AWS documents', () => {
    const policy = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*' },
        {
          Effect: 'Deny',
          Action: '*',
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'ops' } },
        },
      ],
    })
    const decide = (context: RequestContext) =>
      evaluatePolicies({ identityPolicies: [policy] }, { action: 'x:Y', resource: '*', context })
        .decision
    expect(decide({ 'aws:PrincipalTag/team': 'ops' })).toBe('Allow')
    expect(decide({ 'aws:PrincipalTag/team': 'dev' })).toBe('ExplicitDeny')
    expect(decide({})).toBe('ExplicitDeny')
  })

  it('denies plain HTTP with Bool false on aws:SecureTransport', () => {
    const policy = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 's3:*', Resource: '*' },
        {
          Effect: 'Deny',
          Action: 's3:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ],
    })
    const decide = (secure: boolean) =>
      evaluatePolicies(
        { identityPolicies: [policy] },
        { action: 's3:GetObject', resource: '*', context: { 'aws:SecureTransport': secure } },
      ).decision
    expect(decide(true)).toBe('Allow')
    expect(decide(false)).toBe('ExplicitDeny')
  })
})
