import { describe, expect, it } from 'vitest'
import { authorizeSession } from '../../src/iam/sessions/session-policy'
import { failure } from './support/iam'
import { get, put, sessionFixture } from './support/session-fixture'

/** A role that allows everything: only the scope-down keeps a guest from it. */
const EVERYTHING = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
}

async function setup() {
  const fixture = await sessionFixture()
  await fixture.setRoles({
    authenticated: await fixture.role('users', 'authenticated', EVERYTHING),
    unauthenticated: await fixture.role('guests', 'unauthenticated', EVERYTHING),
  })
  return fixture
}

const ask = (action: string, resource = '*') => ({ action, resource, context: {} })

describe('the guest scope-down of enhanced-flow credentials', () => {
  it('keeps a guest to the services Portcullis fronts, whatever its role allows', async () => {
    const { app, session } = await setup()
    const guest = await session()
    const claims = await guest.claims()
    expect(claims.sessionPolicy).toBeDefined()
    const services = app.runtime.services
    // The S3 front, and an IAM-authorised gateway route, are within it.
    await put(guest.s3, 'anything/at-all.txt')
    expect(await (await get(guest.s3, 'anything/at-all.txt')).Body!.transformToString()).toBe(
      'data',
    )
    expect(await authorizeSession(services, claims, ask('execute-api:Invoke'))).toEqual({
      allowed: true,
    })
    expect(await authorizeSession(services, claims, ask('cognito-sync:ListDatasets'))).toEqual({
      allowed: true,
    })
    // Outside it, the role's Allow is not enough.
    for (const action of [
      'dynamodb:GetItem',
      'iam:CreateRole',
      'sts:AssumeRole',
      'execute-api:ManageConnections',
    ]) {
      const decision = await authorizeSession(services, claims, ask(action))
      expect(decision.allowed, action).toBe(false)
    }
  })

  it('leaves authenticated sessions unscoped', async () => {
    const { app, users, session } = await setup()
    const alice = await session({ [users.provider]: await users.signIn('alice') })
    const claims = await alice.claims()
    expect(claims.sessionPolicy).toBeUndefined()
    expect(await authorizeSession(app.runtime.services, claims, ask('dynamodb:GetItem'))).toEqual({
      allowed: true,
    })
  })

  it('still lets the role deny what the scope-down allows', async () => {
    const { app, role, setRoles, session } = await setup()
    await setRoles({
      unauthenticated: await role('narrow-guests', 'unauthenticated', {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/public/*' },
        ],
      }),
    })
    const guest = await session()
    expect(await failure(put(guest.s3, 'public/graffiti.txt'))).toMatchObject({
      name: 'AccessDenied',
      status: 403,
    })
    expect(
      await authorizeSession(app.runtime.services, await guest.claims(), ask('execute-api:Invoke')),
    ).toMatchObject({ allowed: false })
  })
})
