// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${key} in policy text
import { describe, expect, it } from 'vitest'
import { MalformedPolicyDocument } from '../../src/errors/iam'
import { parsePolicyDocument, type PolicyKind } from '../../src/iam/policy'

const allow = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }
const doc = (statement: unknown) => ({ Version: '2012-10-17', Statement: statement })

type Case = [name: string, source: unknown, message: string, kind?: PolicyKind]

const malformed: Case[] = [
  ['text that is not JSON', '{"Version": ', 'Syntax errors in policy.'],
  ['a document that is no object', '[]', 'Syntax errors in policy.'],
  ['an unknown top-level element', { ...doc(allow), Extra: 1 }, 'Syntax errors in policy.'],
  [
    'an unknown version',
    { Version: '2012-10-18', Statement: allow },
    'The policy failed legacy parsing',
  ],
  ['no Statement', { Version: '2012-10-17' }, 'Missing required field Statement'],
  ['a statement that is no object', doc(['x']), 'Syntax errors in policy.'],
  ['an unknown statement element', doc({ ...allow, Effects: 'Allow' }), 'Syntax errors in policy.'],
  ['no Effect', doc({ Action: '*', Resource: '*' }), 'Missing required field Effect'],
  ['an Effect in the wrong case', doc({ ...allow, Effect: 'allow' }), 'Invalid effect: allow'],
  ['no Action', doc({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.'],
  ['an empty Action list', doc({ ...allow, Action: [] }), 'Policy statement must contain actions.'],
  [
    'both Action and NotAction',
    doc({ ...allow, NotAction: 's3:PutObject' }),
    'Syntax errors in policy.',
  ],
  [
    'an action without a vendor',
    doc({ ...allow, Action: 'GetObject' }),
    'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  ],
  [
    'an action with two colons',
    doc({ ...allow, Action: 's3:Get:Object' }),
    'Actions/Condition can contain only one colon.',
  ],
  ['an action that is no string', doc({ ...allow, Action: [1] }), 'Syntax errors in policy.'],
  [
    'no Resource',
    doc({ Effect: 'Allow', Action: '*' }),
    'Policy statement must contain resources.',
  ],
  [
    'a resource that is no ARN',
    doc({ ...allow, Resource: 'bucket/key' }),
    'Resource bucket/key must be in ARN format or "*".',
  ],
  [
    'an ARN with too few fields',
    doc({ ...allow, Resource: 'arn:aws:s3:bucket' }),
    'Resource arn:aws:s3:bucket must be in ARN format or "*".',
  ],
  [
    'both Resource and NotResource',
    doc({ ...allow, NotResource: '*' }),
    'Syntax errors in policy.',
  ],
  [
    'a principal in an identity policy',
    doc({ ...allow, Principal: '*' }),
    'Policy document should not specify a principal.',
  ],
  [
    'a principal in a session policy',
    doc({ ...allow, NotPrincipal: { AWS: '*' } }),
    'Policy document should not specify a principal.',
    'session',
  ],
  [
    'a Sid that is not alphanumeric',
    doc({ ...allow, Sid: 'read-all' }),
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  ],
  [
    'a repeated Sid',
    doc([
      { ...allow, Sid: 'A' },
      { ...allow, Sid: 'A' },
    ]),
    'Statement IDs (SID) in a single policy must be unique.',
  ],
  [
    'an unknown condition operator',
    doc({ ...allow, Condition: { StringEqualz: { 'aws:username': 'a' } } }),
    'Invalid Condition type : StringEqualz.',
  ],
  [
    'an operator in the wrong case',
    doc({ ...allow, Condition: { stringequals: { 'aws:username': 'a' } } }),
    'Invalid Condition type : stringequals.',
  ],
  [
    'a set qualifier on Null',
    doc({ ...allow, Condition: { 'ForAllValues:Null': { 'aws:username': 'true' } } }),
    'Invalid Condition type : ForAllValues:Null.',
  ],
  [
    'Null with IfExists',
    doc({ ...allow, Condition: { NullIfExists: { 'aws:username': 'true' } } }),
    'Invalid Condition type : NullIfExists.',
  ],
  [
    'an unknown set qualifier',
    doc({ ...allow, Condition: { 'ForSomeValues:StringEquals': { 'aws:username': 'a' } } }),
    'Invalid Condition type : ForSomeValues:StringEquals.',
  ],
  [
    'a condition key without a vendor',
    doc({ ...allow, Condition: { StringEquals: { username: 'a' } } }),
    'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  ],
  [
    'a condition block that is no object',
    doc({ ...allow, Condition: { StringEquals: 'a' } }),
    'Syntax errors in policy.',
  ],
  [
    'a null condition value',
    doc({ ...allow, Condition: { StringEquals: { 'aws:username': null } } }),
    'Invalid Condition value for StringEquals aws:username.',
  ],
  [
    'a number that is not one',
    doc({ ...allow, Condition: { NumericLessThan: { 's3:max-keys': 'ten' } } }),
    'Invalid Condition value ten for NumericLessThan s3:max-keys.',
  ],
  [
    'a date that is not one',
    doc({ ...allow, Condition: { DateLessThan: { 'aws:CurrentTime': 'soon' } } }),
    'Invalid Condition value soon for DateLessThan aws:CurrentTime.',
  ],
  [
    'a CIDR that is not one',
    doc({ ...allow, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/33' } } }),
    'Invalid Condition value 10.0.0.0/33 for IpAddress aws:SourceIp.',
  ],
  [
    'an IPv6 CIDR that is not one',
    doc({ ...allow, Condition: { IpAddress: { 'aws:SourceIp': '2001:db8::1::/64' } } }),
    'Invalid Condition value 2001:db8::1::/64 for IpAddress aws:SourceIp.',
  ],
  [
    'a Bool that is not one',
    doc({ ...allow, Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }),
    'Invalid Condition value yes for Bool aws:SecureTransport.',
  ],
  [
    'a Null value that is not one',
    doc({ ...allow, Condition: { Null: { 'aws:username': 'maybe' } } }),
    'Invalid Condition value maybe for Null aws:username.',
  ],
  [
    'binary that is not base64',
    doc({ ...allow, Condition: { BinaryEquals: { 'x:blob': '***' } } }),
    'Invalid Condition value *** for BinaryEquals x:blob.',
  ],
  [
    'an ARN condition value that is no ARN',
    doc({ ...allow, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*' } } }),
    'Invalid Condition value arn:aws:sns:*:* for ArnLike aws:SourceArn.',
  ],
  [
    'a trust policy naming a resource',
    doc({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }),
    'Has prohibited field Resource',
    'trust',
  ],
  [
    'a trust policy without a principal',
    doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }),
    'Missing required field Principal',
    'trust',
  ],
  [
    'a trust policy with NotPrincipal',
    doc({ Effect: 'Allow', NotPrincipal: '*', Action: 'sts:AssumeRole' }),
    'Has prohibited field NotPrincipal',
    'trust',
  ],
  [
    'an unknown principal kind',
    doc({ Effect: 'Allow', Principal: { User: 'x' }, Action: 'sts:AssumeRole' }),
    'Invalid principal in policy',
    'trust',
  ],
  [
    'an empty principal list',
    doc({ Effect: 'Allow', Principal: { AWS: [] }, Action: 'sts:AssumeRole' }),
    'Invalid principal in policy',
    'trust',
  ],
]

describe('parsing IAM policy documents', () => {
  it.each(malformed)('rejects %s', (_name, source, message, kind) => {
    let thrown: unknown
    try {
      parsePolicyDocument(source, kind)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(MalformedPolicyDocument)
    expect((thrown as MalformedPolicyDocument).code).toBe('MalformedPolicyDocument')
    expect((thrown as MalformedPolicyDocument).status).toBe(400)
    expect((thrown as MalformedPolicyDocument).message).toBe(message)
  })

  it('reads JSON text and parsed values alike', () => {
    const fromText = parsePolicyDocument(JSON.stringify(doc(allow)))
    expect(fromText).toEqual(parsePolicyDocument(doc(allow)))
    expect(fromText.version).toBe('2012-10-17')
    expect(fromText.statements).toHaveLength(1)
  })

  it('reads a document without Version as 2008-10-17', () => {
    expect(parsePolicyDocument({ Statement: allow }).version).toBe('2008-10-17')
  })

  it('keeps Id, Sid, effects, negation and statement order', () => {
    const parsed = parsePolicyDocument({
      Version: '2008-10-17',
      Id: 'policy-1',
      Statement: [
        { Sid: 'One', ...allow },
        { Effect: 'Deny', NotAction: ['s3:*'], NotResource: ['arn:aws:s3:::b/*', '*'] },
      ],
    })
    expect(parsed.id).toBe('policy-1')
    expect(
      parsed.statements.map((s) => [
        s.index,
        s.sid,
        s.effect,
        s.action.negated,
        s.resource?.negated,
      ]),
    ).toEqual([
      [0, 'One', 'Allow', false, false],
      [1, undefined, 'Deny', true, true],
    ])
  })

  it('accepts every operator with IfExists and set qualifiers, and values with variables', () => {
    const operators = [
      'StringEquals',
      'StringNotEquals',
      'StringEqualsIgnoreCase',
      'StringNotEqualsIgnoreCase',
      'StringLike',
      'StringNotLike',
      'NumericEquals',
      'NumericNotEquals',
      'NumericLessThan',
      'NumericLessThanEquals',
      'NumericGreaterThan',
      'NumericGreaterThanEquals',
      'DateEquals',
      'DateNotEquals',
      'DateLessThan',
      'DateLessThanEquals',
      'DateGreaterThan',
      'DateGreaterThanEquals',
      'Bool',
      'BinaryEquals',
      'IpAddress',
      'NotIpAddress',
      'ArnEquals',
      'ArnLike',
      'ArnNotEquals',
      'ArnNotLike',
    ]
    for (const base of operators)
      for (const name of [
        base,
        `${base}IfExists`,
        `ForAllValues:${base}`,
        `ForAnyValue:${base}IfExists`,
      ]) {
        // A variable stands for a value only known per request, so it is not checked here.
        const parsed = parsePolicyDocument(
          doc({ ...allow, Condition: { [name]: { 'x:key': '${aws:username}' } } }),
        )
        expect(parsed.statements[0]!.conditions[0]!.name).toBe(name)
      }
    expect(
      parsePolicyDocument(doc({ ...allow, Condition: { Null: { 'x:key': true } } })).statements[0]!
        .conditions,
    ).toHaveLength(1)
  })

  it('checks values with ${ under 2008-10-17, where they are literal', () => {
    expect(() =>
      parsePolicyDocument({
        Version: '2008-10-17',
        Statement: { ...allow, Condition: { NumericEquals: { 'x:n': '${x:m}' } } },
      }),
    ).toThrow('Invalid Condition value ${x:m} for NumericEquals x:n.')
  })

  it('parses a trust policy with federated, AWS and service principals', () => {
    const trust = parsePolicyDocument(
      doc({
        Effect: 'Allow',
        Principal: {
          Federated: 'cognito-identity.amazonaws.com',
          AWS: ['123456789012'],
          Service: 'lambda.amazonaws.com',
        },
        Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
      }),
      'trust',
    )
    expect(trust.kind).toBe('trust')
    expect(trust.statements[0]!.resource).toBeUndefined()
  })
})
