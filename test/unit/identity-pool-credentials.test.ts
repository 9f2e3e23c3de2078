import {
  CognitoIdentityServiceException,
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  type RoleMapping,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity'
import { CreateRoleCommand } from '@aws-sdk/client-iam'
import { decodeJwt } from 'jose'
import { describe, expect, it } from 'vitest'
import { openSessionCredentials } from '../../src/iam/sessions/session-credentials'
import { testApp } from './support/app'
import { userPoolFixture } from './support/identity-pools'
import { iamClient, identitySdkClient, sdkClient } from './support/sdk'

async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CognitoIdentityServiceException)
      return { name: error.name, message: error.message }
    throw error
  }
  throw new Error('expected a refusal')
}

const INVALID_CONFIGURATION =
  'Invalid identity pool configuration. Check assigned IAM roles for this pool.'

/** The trust policy Cognito's console writes: this pool's identities, authenticated or guests. */
const cognitoTrust = (poolId: string, amr: 'authenticated' | 'unauthenticated') =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: 'cognito-identity.amazonaws.com' },
        Action: 'sts:AssumeRoleWithWebIdentity',
        Condition: {
          StringEquals: { 'cognito-identity.amazonaws.com:aud': poolId },
          'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': amr },
        },
      },
    ],
  })

/** A Worker with a user pool, an identity pool taking its tokens, and roles trusting the pool. */
async function setup() {
  const app = testApp()
  const identity = identitySdkClient(app)
  const iam = iamClient(app)
  const users = await userPoolFixture(sdkClient(app))
  const poolId = (
    await identity.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'app',
        AllowUnauthenticatedIdentities: true,
        CognitoIdentityProviders: [{ ProviderName: users.provider, ClientId: users.clientId }],
      }),
    )
  ).IdentityPoolId!
  const role = async (name: string, trust: string) =>
    (await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust })))
      .Role!.Arn!
  const auth = await role('app-auth', cognitoTrust(poolId, 'authenticated'))
  const guest = await role('app-guest', cognitoTrust(poolId, 'unauthenticated'))
  const sales = await role('app-sales', cognitoTrust(poolId, 'authenticated'))
  const mappingKey = `${users.provider}:${users.clientId}`
  const setRoles = (roles: Record<string, string>, mapping?: RoleMapping) =>
    identity.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: poolId,
        Roles: roles,
        ...(mapping ? { RoleMappings: { [mappingKey]: mapping } } : {}),
      }),
    )
  /** A user's identity and the logins that prove it. */
  const user = async (name: string) => {
    const Logins = { [users.provider]: await users.signIn(name) }
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: poolId, Logins }))
    return { IdentityId: IdentityId!, Logins }
  }
  const guestIdentity = async () =>
    (await identity.send(new GetIdCommand({ IdentityPoolId: poolId }))).IdentityId!
  const credentials = (
    IdentityId: string,
    Logins?: Record<string, string>,
    CustomRoleArn?: string,
  ) =>
    identity.send(
      new GetCredentialsForIdentityCommand({
        IdentityId,
        ...(Logins ? { Logins } : {}),
        ...(CustomRoleArn ? { CustomRoleArn } : {}),
      }),
    )
  /** The claims the credentials' session token carries. */
  const sessionOf = async (answer: Awaited<ReturnType<typeof credentials>>) => {
    const c = answer.Credentials!
    const opened = await openSessionCredentials(
      app.runtime.services.sealer,
      c.AccessKeyId!,
      c.SessionToken!,
      Math.floor(app.now() / 1000),
    )
    if (!opened || opened === 'expired') throw new Error('the session token does not open')
    expect(opened.secretKey).toBe(c.SecretKey)
    return opened.claims
  }
  return {
    app,
    iam,
    role,
    poolId,
    users,
    roles: { auth, guest, sales },
    setRoles,
    user,
    guestIdentity,
    credentials,
    sessionOf,
  }
}

describe('GetCredentialsForIdentity', () => {
  it('vends one-hour credentials for the default roles of users and guests', async () => {
    const { app, poolId, users, roles, setRoles, user, guestIdentity, credentials, sessionOf } =
      await setup()
    await setRoles({ authenticated: roles.auth, unauthenticated: roles.guest })
    const alice = await user('alice')
    const answer = await credentials(alice.IdentityId, alice.Logins)
    expect(answer.IdentityId).toBe(alice.IdentityId)
    expect(answer.Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(answer.Credentials!.Expiration!.getTime()).toBe(
      (Math.floor(app.now() / 1000) + 3600) * 1000,
    )
    expect(await sessionOf(answer)).toMatchObject({
      roleArn: roles.auth,
      identityId: alice.IdentityId,
      identityPoolId: poolId,
      aud: poolId,
      amr: [
        'authenticated',
        users.provider,
        `${users.provider}:CognitoSignIn:${decodeJwt(alice.Logins[users.provider]!).sub}`,
      ],
    })

    const guest = await guestIdentity()
    const guestAnswer = await credentials(guest)
    expect(await sessionOf(guestAnswer)).toMatchObject({
      roleArn: roles.guest,
      identityId: guest,
      amr: ['unauthenticated'],
    })
    // An authenticated identity answers only with one of its logins.
    expect((await refusal(credentials(alice.IdentityId))).name).toBe('NotAuthorizedException')
  })

  it('chooses the role by the rules of the provider, first match first, else as resolved', async () => {
    const { roles, setRoles, user, credentials, sessionOf } = await setup()
    const rules = (AmbiguousRoleResolution: 'AuthenticatedRole' | 'Deny'): RoleMapping => ({
      Type: 'Rules',
      AmbiguousRoleResolution,
      RulesConfiguration: {
        Rules: [
          {
            Claim: 'cognito:username',
            MatchType: 'StartsWith',
            Value: 'sal',
            RoleARN: roles.sales,
          },
          { Claim: 'cognito:username', MatchType: 'Equals', Value: 'sally', RoleARN: roles.guest },
        ],
      },
    })
    await setRoles({ authenticated: roles.auth }, rules('AuthenticatedRole'))
    const sally = await user('sally')
    const bob = await user('bob')
    expect((await sessionOf(await credentials(sally.IdentityId, sally.Logins))).roleArn).toBe(
      roles.sales,
    )
    expect((await sessionOf(await credentials(bob.IdentityId, bob.Logins))).roleArn).toBe(
      roles.auth,
    )

    await setRoles({ authenticated: roles.auth }, rules('Deny'))
    expect(await refusal(credentials(bob.IdentityId, bob.Logins))).toEqual({
      name: 'NotAuthorizedException',
      message: 'The ambiguous role mapping rules denied this request.',
    })
  })

  it('resolves a token mapping without role claims as ambiguous, and refuses a foreign CustomRoleArn', async () => {
    const { roles, setRoles, user, credentials, sessionOf } = await setup()
    const alice = await user('alice')
    await setRoles(
      { authenticated: roles.auth },
      { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' },
    )
    expect((await sessionOf(await credentials(alice.IdentityId, alice.Logins))).roleArn).toBe(
      roles.auth,
    )
    expect((await refusal(credentials(alice.IdentityId, alice.Logins, roles.sales))).name).toBe(
      'NotAuthorizedException',
    )
    await setRoles(
      { authenticated: roles.auth },
      { Type: 'Token', AmbiguousRoleResolution: 'Deny' },
    )
    expect((await refusal(credentials(alice.IdentityId, alice.Logins))).message).toBe(
      'The ambiguous role mapping rules denied this request.',
    )
  })

  it('refuses a pool without a role, a missing role, or a role that does not trust the pool', async () => {
    const { role, poolId, roles, setRoles, user, guestIdentity, credentials } = await setup()
    const alice = await user('alice')
    const guest = await guestIdentity()
    const invalid = {
      name: 'InvalidIdentityPoolConfigurationException',
      message: INVALID_CONFIGURATION,
    }
    expect(await refusal(credentials(alice.IdentityId, alice.Logins))).toEqual(invalid)
    // The guest role only trusts guests; an authenticated role is not a guest's.
    await setRoles({ authenticated: roles.guest, unauthenticated: roles.auth })
    expect(await refusal(credentials(alice.IdentityId, alice.Logins))).toEqual(invalid)
    expect(await refusal(credentials(guest))).toEqual(invalid)
    await setRoles({ authenticated: 'arn:aws:iam::000000000000:role/never-created' })
    expect(await refusal(credentials(alice.IdentityId, alice.Logins))).toEqual(invalid)
    const otherPool = await role(
      'other-pool',
      cognitoTrust(`${poolId.split(':')[0]}:00000000-0000-0000-0000-000000000000`, 'authenticated'),
    )
    await setRoles({ authenticated: otherPool })
    expect(await refusal(credentials(alice.IdentityId, alice.Logins))).toEqual(invalid)
    expect(
      (await refusal(credentials('us-east-1:00000000-0000-0000-0000-000000000000'))).name,
    ).toBe('ResourceNotFoundException')
  })
})
