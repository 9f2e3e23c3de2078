// biome-ignore-all lint/suspicious/noTemplateCurlyInString: IAM policy variables are written ${key} in policy text
import { describe, expect, it } from 'vitest'
import {
  type Decision,
  evaluatePolicies,
  parsePolicyDocument,
  type RequestContext,
} from '../../src/iam/policy'

const SUB = 'us-east-1:3f1c2d4e-1111-2222-3333-444455556666'
const OTHER = 'us-east-1:99999999-aaaa-bbbb-cccc-dddddddddddd'
const BUCKET = 'arn:aws:s3:::media'

// The auth-role policy Amplify generates for its storage category.
const amplifyStorage = parsePolicyDocument({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: [
        `${BUCKET}/public/*`,
        `${BUCKET}/protected/\${cognito-identity.amazonaws.com:sub}/*`,
        `${BUCKET}/private/\${cognito-identity.amazonaws.com:sub}/*`,
      ],
    },
    { Effect: 'Allow', Action: ['s3:PutObject'], Resource: [`${BUCKET}/uploads/*`] },
    { Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${BUCKET}/protected/*`] },
    {
      Sid: 'List',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [BUCKET],
      Condition: {
        StringLike: {
          's3:prefix': [
            'public/',
            'public/*',
            'protected/',
            'protected/*',
            'private/${cognito-identity.amazonaws.com:sub}/',
            'private/${cognito-identity.amazonaws.com:sub}/*',
          ],
        },
      },
    },
  ],
})

const subContext: RequestContext = { 'cognito-identity.amazonaws.com:sub': SUB }

type Case = [
  name: string,
  action: string,
  resource: string,
  context: RequestContext,
  expected: Decision,
]

const amplifyCases: Case[] = [
  ['reads a public object', 's3:GetObject', `${BUCKET}/public/a.png`, subContext, 'Allow'],
  ['writes a public object', 's3:PutObject', `${BUCKET}/public/dir/a.png`, subContext, 'Allow'],
  [
    'reads its own private object',
    's3:GetObject',
    `${BUCKET}/private/${SUB}/a`,
    subContext,
    'Allow',
  ],
  [
    'writes its own private object',
    's3:PutObject',
    `${BUCKET}/private/${SUB}/x/y`,
    subContext,
    'Allow',
  ],
  [
    "cannot read another's private object",
    's3:GetObject',
    `${BUCKET}/private/${OTHER}/a`,
    subContext,
    'ImplicitDeny',
  ],
  [
    "cannot write another's private object",
    's3:PutObject',
    `${BUCKET}/private/${OTHER}/a`,
    subContext,
    'ImplicitDeny',
  ],
  [
    'reads any protected object',
    's3:GetObject',
    `${BUCKET}/protected/${OTHER}/a`,
    subContext,
    'Allow',
  ],
  [
    "cannot write another's protected object",
    's3:PutObject',
    `${BUCKET}/protected/${OTHER}/a`,
    subContext,
    'ImplicitDeny',
  ],
  [
    'writes its own protected object',
    's3:PutObject',
    `${BUCKET}/protected/${SUB}/a`,
    subContext,
    'Allow',
  ],
  [
    'deletes its own protected object',
    's3:DeleteObject',
    `${BUCKET}/protected/${SUB}/a`,
    subContext,
    'Allow',
  ],
  ['writes uploads', 's3:PutObject', `${BUCKET}/uploads/a`, subContext, 'Allow'],
  ['cannot read uploads', 's3:GetObject', `${BUCKET}/uploads/a`, subContext, 'ImplicitDeny'],
  ['action names ignore case', 'S3:getobject', `${BUCKET}/public/a`, subContext, 'Allow'],
  ['resources keep case', 's3:GetObject', `${BUCKET}/Public/a`, subContext, 'ImplicitDeny'],
  [
    'another bucket is not covered',
    's3:GetObject',
    'arn:aws:s3:::media2/public/a',
    subContext,
    'ImplicitDeny',
  ],
  [
    'the private prefix itself is not an object of its own',
    's3:GetObject',
    `${BUCKET}/private/${SUB}`,
    subContext,
    'ImplicitDeny',
  ],
  [
    'without a sub the private path matches nothing',
    's3:GetObject',
    `${BUCKET}/private/${SUB}/a`,
    {},
    'ImplicitDeny',
  ],
  ['without a sub public still works', 's3:GetObject', `${BUCKET}/public/a`, {}, 'Allow'],
  [
    'a sub with a wildcard is literal',
    's3:GetObject',
    `${BUCKET}/private/${SUB}/a`,
    { 'cognito-identity.amazonaws.com:sub': '*' },
    'ImplicitDeny',
  ],
  [
    'condition key names ignore case',
    's3:GetObject',
    `${BUCKET}/private/${SUB}/a`,
    { 'COGNITO-IDENTITY.amazonaws.com:SUB': SUB },
    'Allow',
  ],
  ['lists public/', 's3:ListBucket', BUCKET, { 's3:prefix': 'public/' }, 'Allow'],
  ['lists under public/', 's3:ListBucket', BUCKET, { 's3:prefix': 'public/photos/' }, 'Allow'],
  [
    'lists its private prefix',
    's3:ListBucket',
    BUCKET,
    { ...subContext, 's3:prefix': `private/${SUB}/` },
    'Allow',
  ],
  [
    'cannot list another private prefix',
    's3:ListBucket',
    BUCKET,
    { ...subContext, 's3:prefix': `private/${OTHER}/` },
    'ImplicitDeny',
  ],
  ['cannot list the whole bucket', 's3:ListBucket', BUCKET, { 's3:prefix': '' }, 'ImplicitDeny'],
  ['cannot list without a prefix', 's3:ListBucket', BUCKET, {}, 'ImplicitDeny'],
  [
    'cannot list an object ARN',
    's3:ListBucket',
    `${BUCKET}/public/`,
    { 's3:prefix': 'public/' },
    'ImplicitDeny',
  ],
  ['other actions are implicitly denied', 's3:PutBucketPolicy', BUCKET, subContext, 'ImplicitDeny'],
]

describe('IAM policy evaluation: the Amplify storage policy', () => {
  it.each(amplifyCases)('%s', (_name, action, resource, context, expected) => {
    const result = evaluatePolicies(
      { identityPolicies: [amplifyStorage] },
      { action, resource, context },
    )
    expect(result.decision).toBe(expected)
  })

  it('names the statement that allowed', () => {
    const result = evaluatePolicies(
      { identityPolicies: [amplifyStorage] },
      { action: 's3:ListBucket', resource: BUCKET, context: { 's3:prefix': 'public/' } },
    )
    expect(result).toEqual({
      decision: 'Allow',
      matchedStatement: { layer: 'identity', policyIndex: 0, statementIndex: 3, sid: 'List' },
    })
  })
})

const allowAll = parsePolicyDocument({
  Version: '2012-10-17',
  Statement: { Effect: 'Allow', Action: '*', Resource: '*' },
})

const policy = (statement: unknown) =>
  parsePolicyDocument({ Version: '2012-10-17', Statement: statement })

const decide = (
  policies: ReturnType<typeof policy>[],
  action: string,
  resource: string,
  context: RequestContext = {},
) => evaluatePolicies({ identityPolicies: policies }, { action, resource, context }).decision

describe('IAM policy evaluation: effects and elements', () => {
  it('denies by default: no policies, no statements', () => {
    expect(decide([], 's3:GetObject', `${BUCKET}/a`)).toBe('ImplicitDeny')
    expect(decide([policy([])], 's3:GetObject', `${BUCKET}/a`)).toBe('ImplicitDeny')
  })

  it('lets an explicit deny beat an allow, in the same or another policy', () => {
    const deny = policy({
      Sid: 'NoSecrets',
      Effect: 'Deny',
      Action: 's3:*',
      Resource: `${BUCKET}/secret/*`,
    })
    expect(decide([allowAll, deny], 's3:GetObject', `${BUCKET}/secret/a`)).toBe('ExplicitDeny')
    expect(decide([deny, allowAll], 's3:GetObject', `${BUCKET}/secret/a`)).toBe('ExplicitDeny')
    expect(decide([allowAll, deny], 's3:GetObject', `${BUCKET}/open/a`)).toBe('Allow')
    const result = evaluatePolicies(
      { identityPolicies: [allowAll, deny] },
      { action: 's3:GetObject', resource: `${BUCKET}/secret/a` },
    )
    expect(result.matchedStatement).toEqual({
      layer: 'identity',
      policyIndex: 1,
      statementIndex: 0,
      sid: 'NoSecrets',
    })
    expect(result.deniedBy).toBe('identity')
  })

  it('reads NotAction as every action but those listed', () => {
    const p = policy({ Effect: 'Allow', NotAction: ['iam:*', 's3:Delete*'], Resource: '*' })
    expect(decide([p], 's3:GetObject', `${BUCKET}/a`)).toBe('Allow')
    expect(decide([p], 's3:DeleteObject', `${BUCKET}/a`)).toBe('ImplicitDeny')
    expect(decide([p], 'iam:CreateUser', 'arn:aws:iam::000000000000:user/x')).toBe('ImplicitDeny')
  })

  it('denies with NotAction: everything but the listed actions', () => {
    const deny = policy({ Effect: 'Deny', NotAction: 's3:GetObject', Resource: '*' })
    expect(decide([allowAll, deny], 's3:GetObject', `${BUCKET}/a`)).toBe('Allow')
    expect(decide([allowAll, deny], 's3:PutObject', `${BUCKET}/a`)).toBe('ExplicitDeny')
  })

  it('reads NotResource as every resource but those listed', () => {
    const p = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      NotResource: `${BUCKET}/private/*`,
    })
    expect(decide([p], 's3:GetObject', `${BUCKET}/public/a`)).toBe('Allow')
    expect(decide([p], 's3:GetObject', `${BUCKET}/private/a`)).toBe('ImplicitDeny')
    expect(decide([p], 's3:GetObject', 'arn:aws:s3:::elsewhere/a')).toBe('Allow')
  })

  it('takes wildcards in actions: * and ?', () => {
    const p = policy({ Effect: 'Allow', Action: ['s3:Get*', 's3:?utObject'], Resource: '*' })
    expect(decide([p], 's3:GetObjectAcl', `${BUCKET}/a`)).toBe('Allow')
    expect(decide([p], 's3:PutObject', `${BUCKET}/a`)).toBe('Allow')
    expect(decide([p], 's3:OutputObject', `${BUCKET}/a`)).toBe('ImplicitDeny')
    expect(decide([p], 's3:ListBucket', BUCKET)).toBe('ImplicitDeny')
    expect(
      decide([p], 'ec2:GetConsoleOutput', 'arn:aws:ec2:us-east-1:000000000000:instance/i-1'),
    ).toBe('ImplicitDeny')
  })

  it('keeps wildcards in the first five ARN fields within their field', () => {
    const p = policy({
      Effect: 'Allow',
      Action: '*',
      Resource: 'arn:aws:cognito-identity:*:000000000000:identitypool/*',
    })
    expect(
      decide(
        [p],
        'cognito-identity:GetId',
        'arn:aws:cognito-identity:us-east-1:000000000000:identitypool/us-east-1:abc',
      ),
    ).toBe('Allow')
    // `*` in the region may not swallow the account: this ARN has another account.
    expect(
      decide(
        [p],
        'cognito-identity:GetId',
        'arn:aws:cognito-identity:us-east-1:111111111111:identitypool/x',
      ),
    ).toBe('ImplicitDeny')
    const region = policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:sqs:us-*:*:queue' })
    expect(decide([region], 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:000000000000:queue')).toBe(
      'Allow',
    )
    expect(decide([region], 'sqs:SendMessage', 'arn:aws:sqs:us-east-1:000000000000:queue:x')).toBe(
      'ImplicitDeny',
    )
    // Fewer than six fields is refused rather than guessed at.
    expect(() => policy({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:sqs:*:queue' })).toThrow(
      'Resource arn:aws:sqs:*:queue must be in ARN format or "*".',
    )
  })

  it('lets * in the resource field match / and :', () => {
    const p = policy({
      Effect: 'Allow',
      Action: '*',
      Resource: 'arn:aws:cognito-identity:us-east-1:000000000000:identitypool/*',
    })
    expect(
      decide(
        [p],
        'x:Y',
        'arn:aws:cognito-identity:us-east-1:000000000000:identitypool/us-east-1:a/b:c',
      ),
    ).toBe('Allow')
    const one = policy({ Effect: 'Allow', Action: '*', Resource: `${BUCKET}/file-?.txt` })
    expect(decide([one], 'x:Y', `${BUCKET}/file-1.txt`)).toBe('Allow')
    expect(decide([one], 'x:Y', `${BUCKET}/file-12.txt`)).toBe('ImplicitDeny')
  })

  it('matches a Resource of * to anything, even text that is no ARN', () => {
    expect(decide([allowAll], 'x:Y', 'not-an-arn')).toBe('Allow')
    const p = policy({ Effect: 'Allow', Action: '*', Resource: 'arn:*:*:*:*:*' })
    expect(decide([p], 'x:Y', 'not-an-arn')).toBe('ImplicitDeny')
    expect(decide([p], 'x:Y', 'arn:aws:s3:::b/k')).toBe('Allow')
  })

  it('reads a single statement object and string elements like lists', () => {
    const single = parsePolicyDocument({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` },
    })
    expect(decide([single], 's3:GetObject', `${BUCKET}/a`)).toBe('Allow')
  })

  it('substitutes no variables under 2008-10-17 (or without Version)', () => {
    for (const version of ['2008-10-17', undefined]) {
      const p = parsePolicyDocument({
        ...(version ? { Version: version } : {}),
        Statement: {
          Effect: 'Allow',
          Action: 's3:GetObject',
          Resource: `${BUCKET}/\${aws:username}/*`,
        },
      })
      expect(decide([p], 's3:GetObject', `${BUCKET}/alice/a`, { 'aws:username': 'alice' })).toBe(
        'ImplicitDeny',
      )
      expect(
        decide([p], 's3:GetObject', `${BUCKET}/\${aws:username}/a`, { 'aws:username': 'alice' }),
      ).toBe('Allow')
    }
  })

  it('substitutes variables in Resource under 2012-10-17, with defaults and escapes', () => {
    const p = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: [
        `${BUCKET}/home/\${aws:username}/*`,
        `${BUCKET}/team/\${aws:PrincipalTag/team, 'nobody'}/*`,
        `${BUCKET}/literal/\${*}\${?}\${$}`,
      ],
    })
    expect(decide([p], 's3:GetObject', `${BUCKET}/home/alice/x`, { 'aws:username': 'alice' })).toBe(
      'Allow',
    )
    expect(decide([p], 's3:GetObject', `${BUCKET}/home/bob/x`, { 'aws:username': 'alice' })).toBe(
      'ImplicitDeny',
    )
    expect(
      decide([p], 's3:GetObject', `${BUCKET}/team/red/x`, { 'aws:PrincipalTag/team': 'red' }),
    ).toBe('Allow')
    expect(decide([p], 's3:GetObject', `${BUCKET}/team/nobody/x`, {})).toBe('Allow')
    expect(
      decide([p], 's3:GetObject', `${BUCKET}/team/nobody/x`, { 'aws:PrincipalTag/team': 'red' }),
    ).toBe('ImplicitDeny')
    expect(decide([p], 's3:GetObject', `${BUCKET}/literal/*?$`)).toBe('Allow')
    expect(decide([p], 's3:GetObject', `${BUCKET}/literal/ab$`)).toBe('ImplicitDeny')
  })

  it('fails closed on a variable with no value and no default', () => {
    const p = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `${BUCKET}/home/\${aws:username}/*`,
    })
    expect(decide([p], 's3:GetObject', `${BUCKET}/home//x`)).toBe('ImplicitDeny')
    expect(decide([p], 's3:GetObject', `${BUCKET}/home/\${aws:username}/x`)).toBe('ImplicitDeny')
    // A multivalued key is no variable.
    expect(decide([p], 's3:GetObject', `${BUCKET}/home/a/x`, { 'aws:username': ['a'] })).toBe(
      'ImplicitDeny',
    )
    // Nor does an unresolvable NotResource widen an Allow.
    const not = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      NotResource: `${BUCKET}/\${aws:username}/*`,
    })
    expect(decide([not], 's3:GetObject', `${BUCKET}/x/y`)).toBe('ImplicitDeny')
    expect(decide([not], 's3:GetObject', `${BUCKET}/x/y`, { 'aws:username': 'alice' })).toBe(
      'Allow',
    )
    expect(decide([not], 's3:GetObject', `${BUCKET}/alice/y`, { 'aws:username': 'alice' })).toBe(
      'ImplicitDeny',
    )
  })

  it('reads a default with a doubled quote as one quote', () => {
    const p = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: `${BUCKET}/\${aws:username, 'o''neil'}`,
    })
    expect(decide([p], 's3:GetObject', `${BUCKET}/o'neil`)).toBe('Allow')
  })

  it('puts an identity id holding a colon in the resource field', () => {
    const p = policy({
      Effect: 'Allow',
      Action: 'cognito-sync:*',
      Resource:
        'arn:aws:cognito-sync:us-east-1:000000000000:identitypool/pool/identity/${cognito-identity.amazonaws.com:sub}/*',
    })
    const resource = `arn:aws:cognito-sync:us-east-1:000000000000:identitypool/pool/identity/${SUB}/datasets`
    expect(decide([p], 'cognito-sync:ListRecords', resource, subContext)).toBe('Allow')
    expect(
      decide([p], 'cognito-sync:ListRecords', resource, {
        'cognito-identity.amazonaws.com:sub': OTHER,
      }),
    ).toBe('ImplicitDeny')
  })
})

describe('IAM policy evaluation: session policies', () => {
  const sessionPublicOnly = policy({
    Effect: 'Allow',
    Action: 's3:*',
    Resource: `${BUCKET}/public/*`,
  })
  const sessionDeny = policy({ Effect: 'Deny', Action: 's3:PutObject', Resource: '*' })
  const evaluate = (
    identity: ReturnType<typeof policy>[],
    session: ReturnType<typeof policy>[] | undefined,
    action: string,
    resource: string,
  ) =>
    evaluatePolicies(
      { identityPolicies: identity, sessionPolicies: session },
      { action, resource, context: subContext },
    )

  it('allows only what both the identity and the session policies allow', () => {
    expect(
      evaluate([amplifyStorage], [sessionPublicOnly], 's3:GetObject', `${BUCKET}/public/a`)
        .decision,
    ).toBe('Allow')
    const privateRead = evaluate(
      [amplifyStorage],
      [sessionPublicOnly],
      's3:GetObject',
      `${BUCKET}/private/${SUB}/a`,
    )
    expect(privateRead).toEqual({ decision: 'ImplicitDeny', deniedBy: 'session' })
    // The session policy cannot grant what the identity policies do not.
    const bucketPolicy = evaluate(
      [amplifyStorage],
      [policy({ Effect: 'Allow', Action: '*', Resource: '*' })],
      's3:PutBucketPolicy',
      BUCKET,
    )
    expect(bucketPolicy).toEqual({ decision: 'ImplicitDeny', deniedBy: 'identity' })
  })

  it('lets an explicit deny in a session policy win', () => {
    const result = evaluate(
      [allowAll],
      [allowAll, sessionDeny],
      's3:PutObject',
      `${BUCKET}/public/a`,
    )
    expect(result.decision).toBe('ExplicitDeny')
    expect(result.deniedBy).toBe('session')
    expect(result.matchedStatement).toMatchObject({ layer: 'session', policyIndex: 1 })
  })

  it('lets an identity deny win over a session allow', () => {
    const deny = policy({ Effect: 'Deny', Action: '*', Resource: '*' })
    const result = evaluate([allowAll, deny], [allowAll], 's3:GetObject', `${BUCKET}/a`)
    expect(result).toMatchObject({ decision: 'ExplicitDeny', deniedBy: 'identity' })
  })

  it('reads the session policies together, as one layer', () => {
    const sessionUploads = policy({
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: `${BUCKET}/uploads/*`,
    })
    const both = [sessionPublicOnly, sessionUploads]
    expect(evaluate([amplifyStorage], both, 's3:PutObject', `${BUCKET}/uploads/a`).decision).toBe(
      'Allow',
    )
    expect(evaluate([amplifyStorage], both, 's3:GetObject', `${BUCKET}/public/a`).decision).toBe(
      'Allow',
    )
    expect(
      evaluate([amplifyStorage], both, 's3:GetObject', `${BUCKET}/protected/x/a`).decision,
    ).toBe('ImplicitDeny')
  })

  it('treats no session policies as no restriction', () => {
    expect(
      evaluate([amplifyStorage], undefined, 's3:GetObject', `${BUCKET}/protected/x/a`).decision,
    ).toBe('Allow')
    expect(evaluate([amplifyStorage], [], 's3:GetObject', `${BUCKET}/protected/x/a`).decision).toBe(
      'Allow',
    )
  })

  it('reports the identity statement that allowed', () => {
    const result = evaluate(
      [amplifyStorage],
      [sessionPublicOnly],
      's3:GetObject',
      `${BUCKET}/public/a`,
    )
    expect(result.matchedStatement).toMatchObject({ layer: 'identity', statementIndex: 0 })
  })
})
