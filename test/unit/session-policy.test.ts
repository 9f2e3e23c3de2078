import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'
import type { IamServices } from '../../src/iam/services'
import type { SessionClaims } from '../../src/iam/sessions/session-credentials'
import { authorizeSession } from '../../src/iam/sessions/session-policy'
import { testApp } from './support/app'
import { trustPolicy } from './support/iam'
import { iamClient } from './support/sdk'

const ROLE = 'arn:aws:iam::000000000000:role/teams'

/** A role that lets each team read its own folder and anyone read `public/`. */
async function setUp() {
  const app = testApp()
  const iam = iamClient(app)
  await iam.send(
    new CreateRoleCommand({ RoleName: 'teams', AssumeRolePolicyDocument: trustPolicy() }),
  )
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'teams',
      PolicyName: 'team-folders',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:*',
            Resource: [
              'arn:aws:s3:::media/teams/${aws:PrincipalTag/team}/*',
              'arn:aws:s3:::media/public/*',
            ],
          },
        ],
      }),
    }),
  )
  return app.runtime.services as IamServices
}

const claims = (extra: Partial<SessionClaims> = {}): SessionClaims => ({
  roleArn: ROLE,
  identityId: 'eu-west-1:0f0f0f0f-0000-4000-8000-000000000001',
  identityPoolId: 'eu-west-1:0f0f0f0f-0000-4000-8000-000000000000',
  amr: ['authenticated'],
  aud: 'eu-west-1:0f0f0f0f-0000-4000-8000-000000000000',
  iat: 1_700_000_000,
  exp: 1_700_003_600,
  ...extra,
})

const get = (key: string) => ({
  action: 's3:GetObject',
  resource: `arn:aws:s3:::media/${key}`,
  context: {},
})

describe('authorizeSession with principal tags and a session policy', () => {
  it('fills aws:PrincipalTag/* from the session, and a missing tag matches nothing', async () => {
    const services = await setUp()
    const red = claims({ tags: { team: 'red' } })
    expect(await authorizeSession(services, red, get('teams/red/a'))).toEqual({ allowed: true })
    expect((await authorizeSession(services, red, get('teams/blue/a'))).allowed).toBe(false)
    expect((await authorizeSession(services, claims(), get('teams//a'))).allowed).toBe(false)
  })

  it('does not let the request context pass a tag the session does not carry', async () => {
    const services = await setUp()
    const forged = { ...get('teams/red/a'), context: { 'aws:PrincipalTag/team': 'red' } }
    expect(
      (await authorizeSession(services, claims({ tags: { team: 'blue' } }), forged)).allowed,
    ).toBe(false)
  })

  it('allows only what both the role and the session policy allow', async () => {
    const services = await setUp()
    const onlyPublic = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/*' }],
    })
    const session = claims({ tags: { team: 'red' }, sessionPolicy: onlyPublic })
    expect(await authorizeSession(services, session, get('public/a'))).toEqual({ allowed: true })
    // The session policy allows any key, but the role does not.
    expect((await authorizeSession(services, session, get('secret/a'))).allowed).toBe(false)
    // The role allows PutObject, but the session policy does not.
    const put = { ...get('public/a'), action: 's3:PutObject' }
    const denied = await authorizeSession(services, session, put)
    expect(denied).toMatchObject({ allowed: false })
    expect(denied.allowed === false && denied.message).toMatch(/no session policy allows/)
  })

  it('allows nothing under a session policy that does not parse', async () => {
    const services = await setUp()
    const broken = claims({ tags: { team: 'red' }, sessionPolicy: '{"Version":' })
    expect((await authorizeSession(services, broken, get('public/a'))).allowed).toBe(false)
  })

  it('names the session in its denials', async () => {
    const services = await setUp()
    const denied = await authorizeSession(services, claims({ sessionName: 'app-1' }), get('x'))
    expect(denied.allowed === false && denied.message).toContain('assumed-role/teams/app-1')
  })
})
