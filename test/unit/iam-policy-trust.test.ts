import { describe, expect, it } from 'vitest'
import {
  denialMessage,
  evaluatePolicies,
  evaluateTrust,
  parsePolicyDocument,
  type RequestContext,
  type RequestPrincipal,
} from '../../src/iam/policy'

const POOL = 'us-east-1:11111111-2222-3333-4444-555555555555'
const AUD = 'cognito-identity.amazonaws.com:aud'
const AMR = 'cognito-identity.amazonaws.com:amr'
const COGNITO: RequestPrincipal = { Federated: 'cognito-identity.amazonaws.com' }
const WEB_IDENTITY = 'sts:AssumeRoleWithWebIdentity'

// The trust policy the identity-pool console writes for an authenticated role.
const authenticatedRole = parsePolicyDocument(
  {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { [AUD]: POOL },
          'ForAnyValue:StringLike': { [AMR]: 'authenticated' },
        },
      },
    ],
  },
  'trust',
)

const authenticated: RequestContext = {
  [AUD]: POOL,
  [AMR]: ['authenticated', 'cognito-idp.us-east-1.amazonaws.com/pool'],
}

describe('evaluating a trust policy', () => {
  it('lets an authenticated identity of the pool assume the role', () => {
    const result = evaluateTrust(authenticatedRole, {
      principal: COGNITO,
      action: WEB_IDENTITY,
      context: authenticated,
    })
    expect(result).toEqual({
      decision: 'Allow',
      matchedStatement: { layer: 'trust', policyIndex: 0, statementIndex: 0, sid: undefined },
    })
  })

  it.each<[string, RequestPrincipal, string, RequestContext]>([
    [
      'an identity of another pool',
      COGNITO,
      WEB_IDENTITY,
      { ...authenticated, [AUD]: 'us-east-1:other' },
    ],
    [
      'an unauthenticated identity',
      COGNITO,
      WEB_IDENTITY,
      { [AUD]: POOL, [AMR]: ['unauthenticated'] },
    ],
    ['a token without amr', COGNITO, WEB_IDENTITY, { [AUD]: POOL }],
    ['a token without aud', COGNITO, WEB_IDENTITY, { [AMR]: ['authenticated'] }],
    [
      'another federated provider',
      { Federated: 'accounts.google.com' },
      WEB_IDENTITY,
      authenticated,
    ],
    ['an AWS principal', { AWS: 'arn:aws:iam::123456789012:root' }, WEB_IDENTITY, authenticated],
    ['another action', COGNITO, 'sts:AssumeRole', authenticated],
  ])('refuses %s', (_name, principal, action, context) => {
    expect(evaluateTrust(authenticatedRole, { principal, action, context })).toEqual({
      decision: 'ImplicitDeny',
      deniedBy: 'trust',
    })
  })

  it('matches * and AWS * as everyone, and an account root as any principal of that account', () => {
    const trust = (principal: unknown) =>
      parsePolicyDocument(
        {
          Version: '2012-10-17',
          Statement: { Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' },
        },
        'trust',
      )
    const decide = (principal: unknown, requester: RequestPrincipal) =>
      evaluateTrust(trust(principal), { principal: requester, action: 'sts:AssumeRole' }).decision
    expect(decide('*', { Service: 'lambda.amazonaws.com' })).toBe('Allow')
    expect(decide({ AWS: '*' }, { Federated: 'cognito-identity.amazonaws.com' })).toBe('Allow')
    expect(decide({ AWS: '123456789012' }, { AWS: 'arn:aws:iam::123456789012:role/app' })).toBe(
      'Allow',
    )
    expect(
      decide(
        { AWS: 'arn:aws:iam::123456789012:root' },
        { AWS: 'arn:aws:sts::123456789012:assumed-role/app/s' },
      ),
    ).toBe('Allow')
    expect(decide({ AWS: '123456789012' }, { AWS: 'arn:aws:iam::999999999999:role/app' })).toBe(
      'ImplicitDeny',
    )
    expect(
      decide(
        { AWS: 'arn:aws:iam::123456789012:role/app' },
        { AWS: 'arn:aws:iam::123456789012:role/app' },
      ),
    ).toBe('Allow')
    expect(
      decide(
        { AWS: 'arn:aws:iam::123456789012:role/app' },
        { AWS: 'arn:aws:iam::123456789012:role/other' },
      ),
    ).toBe('ImplicitDeny')
    expect(decide({ Service: 'lambda.amazonaws.com' }, { Service: 'lambda.amazonaws.com' })).toBe(
      'Allow',
    )
    expect(decide({ Service: 'lambda.amazonaws.com' }, { Service: 'ec2.amazonaws.com' })).toBe(
      'ImplicitDeny',
    )
  })

  it('lets a Deny in the trust policy win', () => {
    const trust = parsePolicyDocument(
      {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Action: 'sts:*',
          },
          {
            Sid: 'NoGuests',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sts:*',
            Condition: { 'ForAnyValue:StringLike': { [AMR]: 'unauthenticated' } },
          },
        ],
      },
      'trust',
    )
    expect(
      evaluateTrust(trust, { principal: COGNITO, action: WEB_IDENTITY, context: authenticated })
        .decision,
    ).toBe('Allow')
    const guest = evaluateTrust(trust, {
      principal: COGNITO,
      action: WEB_IDENTITY,
      context: { [AMR]: ['unauthenticated'] },
    })
    expect(guest).toMatchObject({
      decision: 'ExplicitDeny',
      deniedBy: 'trust',
      matchedStatement: { sid: 'NoGuests' },
    })
  })

  it('never allows through a document that is not a trust policy', () => {
    const identity = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: '*', Resource: '*' },
    })
    expect(evaluateTrust(identity, { principal: COGNITO, action: WEB_IDENTITY }).decision).toBe(
      'ImplicitDeny',
    )
    // Nor does a trust policy allow anything as an identity policy: its statements name no resource.
    expect(
      evaluatePolicies(
        { identityPolicies: [authenticatedRole] },
        { action: WEB_IDENTITY, resource: '*', context: authenticated },
      ).decision,
    ).toBe('ImplicitDeny')
  })
})

describe('AWS denial messages', () => {
  const caller = 'arn:aws:sts::000000000000:assumed-role/authRole/CognitoIdentityCredentials'
  const subject = {
    principalArn: caller,
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::bucket/key',
  }
  const allowAll = parsePolicyDocument({
    Version: '2012-10-17',
    Statement: { Effect: 'Allow', Action: '*', Resource: '*' },
  })
  const denyAll = parsePolicyDocument({
    Version: '2012-10-17',
    Statement: { Effect: 'Deny', Action: '*', Resource: '*' },
  })
  const none = parsePolicyDocument({ Version: '2012-10-17', Statement: [] })
  const request = { action: subject.action, resource: subject.resource }

  it.each([
    [
      'no identity policy allows',
      [none],
      undefined,
      'because no identity-based policy allows the s3:GetObject action',
    ],
    [
      'an identity policy denies',
      [allowAll, denyAll],
      undefined,
      'with an explicit deny in an identity-based policy',
    ],
    [
      'no session policy allows',
      [allowAll],
      [none],
      'because no session policy allows the s3:GetObject action',
    ],
    [
      'a session policy denies',
      [allowAll],
      [allowAll, denyAll],
      'with an explicit deny in a session policy',
    ],
  ])('words it as AWS does when %s', (_name, identityPolicies, sessionPolicies, reason) => {
    const result = evaluatePolicies({ identityPolicies, sessionPolicies }, request)
    expect(denialMessage(result, subject)).toBe(
      `User: ${caller} is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::bucket/key" ${reason}`,
    )
  })

  it('has no message for an Allow', () => {
    expect(
      denialMessage(evaluatePolicies({ identityPolicies: [allowAll] }, request), subject),
    ).toBeUndefined()
  })

  it('names the trust policy as the role’s resource-based policy', () => {
    const result = evaluateTrust(authenticatedRole, {
      principal: COGNITO,
      action: WEB_IDENTITY,
      context: {},
    })
    expect(
      denialMessage(result, {
        principalArn: 'arn:aws:sts::000000000000:federated-user/x',
        action: WEB_IDENTITY,
        resource: 'arn:aws:iam::000000000000:role/authRole',
      }),
    ).toBe(
      'User: arn:aws:sts::000000000000:federated-user/x is not authorized to perform: sts:AssumeRoleWithWebIdentity on resource: "arn:aws:iam::000000000000:role/authRole" because no resource-based policy allows the sts:AssumeRoleWithWebIdentity action',
    )
    expect(denialMessage(result, { principalArn: 'p', action: 'sts:AssumeRole' })).toBe(
      'User: p is not authorized to perform: sts:AssumeRole because no resource-based policy allows the sts:AssumeRole action',
    )
  })
})
