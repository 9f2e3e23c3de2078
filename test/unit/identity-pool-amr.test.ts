import { describe, expect, it } from 'vitest'
import { evaluateTrust, parsePolicyDocument } from '../../src/iam/policy'
import { amrOf } from '../../src/identitypool/identities/amr'
import type { ResolvedIdentity } from '../../src/identitypool/identities/resolve-identity'
import type { VerifiedLogin } from '../../src/identitypool/logins/verify-logins'
import type { IdentityPoolConfig } from '../../src/identitypool/model'

const POOL_ID = 'us-east-1:11111111-1111-1111-1111-111111111111'
const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123'
const SUB = '3f1b2c4d-0000-4000-8000-000000000001'
const DEVELOPER = 'login.example'
/** An IAM OIDC provider's login key shaped like a user pool's, but no user pool of the pool. */
const LOOKALIKE_OIDC = 'idp.example.com/us-east-1_Lookalike1'

const pool = (userPoolProviderNames: string[]): IdentityPoolConfig => ({
  IdentityPoolId: POOL_ID,
  IdentityPoolName: 'p',
  AllowUnauthenticatedIdentities: true,
  AllowClassicFlow: false,
  SupportedLoginProviders: { 'graph.facebook.com': 'app' },
  DeveloperProviderName: DEVELOPER,
  OpenIdConnectProviderARNs: [`arn:aws:iam::000000000000:oidc-provider/${LOOKALIKE_OIDC}`],
  CognitoIdentityProviders: userPoolProviderNames.map((ProviderName) => ({
    ProviderName,
    ClientId: 'client1',
    ServerSideTokenCheck: false,
  })),
  IdentityPoolTags: {},
  partitions: 1,
  creationDate: 0,
})

const resolved = (logins: VerifiedLogin[], userPools = [USER_POOL]): ResolvedIdentity => ({
  pool: pool(userPools),
  identityId: 'us-east-1:22222222-2222-2222-2222-222222222222',
  authenticated: logins.length > 0,
  logins,
})

const userPoolLogin: VerifiedLogin = { provider: USER_POOL, subject: SUB, claims: { sub: SUB } }

describe("an identity's amr", () => {
  it('is unauthenticated for a guest', () => {
    expect(amrOf(resolved([]))).toEqual(['unauthenticated'])
  })

  it("names a user-pool sign-in as Cognito does: the pool, and the user's CognitoSignIn", () => {
    expect(amrOf(resolved([userPoolLogin]))).toEqual([
      'authenticated',
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123',
      'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123:CognitoSignIn:3f1b2c4d-0000-4000-8000-000000000001',
    ])
    // A pool that names its user pool by issuer host still stores the login under AWS's name.
    expect(amrOf(resolved([userPoolLogin], ['auth.example.com/us-east-1_AbCdEf123']))).toEqual(
      amrOf(resolved([userPoolLogin])),
    )
  })

  it('names every other provider by its name alone', () => {
    const logins: VerifiedLogin[] = [
      { provider: DEVELOPER, subject: 'employee-42', claims: {} },
      { provider: 'graph.facebook.com', subject: '1234', claims: {} },
      { provider: LOOKALIKE_OIDC, subject: 'oidc-user', claims: { sub: 'oidc-user' } },
    ]
    expect(amrOf(resolved(logins))).toEqual([
      'authenticated',
      DEVELOPER,
      'graph.facebook.com',
      LOOKALIKE_OIDC,
    ])
  })

  it("carries a pool token's own amr, CognitoSignIn included, once", () => {
    const signIn = `${USER_POOL}:CognitoSignIn:${SUB}`
    const poolToken: VerifiedLogin = {
      provider: 'cognito-identity.amazonaws.com',
      subject: 'us-east-1:22222222-2222-2222-2222-222222222222',
      claims: { amr: ['authenticated', DEVELOPER, USER_POOL, signIn] },
    }
    expect(amrOf(resolved([poolToken, userPoolLogin]))).toEqual([
      'authenticated',
      DEVELOPER,
      USER_POOL,
      signIn,
    ])
  })
})

describe('trust policies on the amr of a user-pool sign-in', () => {
  const AMR = 'cognito-identity.amazonaws.com:amr'
  const trusts = (condition: Record<string, Record<string, string>>) =>
    evaluateTrust(
      parsePolicyDocument(
        {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Federated: 'cognito-identity.amazonaws.com' },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: { 'cognito-identity.amazonaws.com:aud': POOL_ID },
                ...condition,
              },
            },
          ],
        },
        'trust',
      ),
      {
        principal: { Federated: 'cognito-identity.amazonaws.com' },
        action: 'sts:AssumeRoleWithWebIdentity',
        context: {
          'cognito-identity.amazonaws.com:aud': POOL_ID,
          [AMR]: amrOf(resolved([userPoolLogin])),
        },
      },
    ).decision

  it('still admit it as authenticated, or by its provider, and can pin one user', () => {
    expect(trusts({ 'ForAnyValue:StringLike': { [AMR]: 'authenticated' } })).toBe('Allow')
    expect(trusts({ 'ForAnyValue:StringEquals': { [AMR]: USER_POOL } })).toBe('Allow')
    expect(
      trusts({ 'ForAnyValue:StringLike': { [AMR]: `${USER_POOL}:CognitoSignIn:${SUB}` } }),
    ).toBe('Allow')
    expect(trusts({ 'ForAnyValue:StringLike': { [AMR]: 'unauthenticated' } })).not.toBe('Allow')
    expect(
      trusts({ 'ForAnyValue:StringLike': { [AMR]: `${USER_POOL}:CognitoSignIn:someone-else` } }),
    ).not.toBe('Allow')
  })
})
