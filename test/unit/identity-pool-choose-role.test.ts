import { describe, expect, it } from 'vitest'
import { chooseRole } from '../../src/identitypool/credentials/choose-role'
import type { ResolvedIdentity } from '../../src/identitypool/identities/resolve-identity'
import type { IdentityPoolConfig, RoleMappingConfig } from '../../src/identitypool/model'

const PROVIDER = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123'
const CLIENT = 'client1'
const role = (name: string) => `arn:aws:iam::000000000000:role/${name}`

const poolWith = (mapping?: RoleMappingConfig): IdentityPoolConfig => ({
  IdentityPoolId: 'us-east-1:11111111-1111-1111-1111-111111111111',
  IdentityPoolName: 'p',
  AllowUnauthenticatedIdentities: true,
  AllowClassicFlow: false,
  SupportedLoginProviders: {},
  OpenIdConnectProviderARNs: [],
  CognitoIdentityProviders: [
    { ProviderName: PROVIDER, ClientId: CLIENT, ServerSideTokenCheck: false },
  ],
  IdentityPoolTags: {},
  partitions: 1,
  creationDate: 0,
  roles: {
    Roles: { authenticated: role('default') },
    RoleMappings: mapping ? { [`${PROVIDER}:${CLIENT}`]: mapping } : {},
  },
})

const userWith = (claims: Record<string, unknown>, pool: IdentityPoolConfig): ResolvedIdentity => ({
  pool,
  identityId: 'us-east-1:22222222-2222-2222-2222-222222222222',
  authenticated: true,
  logins: [{ provider: PROVIDER, subject: 'sub-1', claims: { aud: CLIENT, ...claims } }],
})

const choose = (mapping: RoleMappingConfig, claims: Record<string, unknown>, custom?: string) => {
  const pool = poolWith(mapping)
  return chooseRole(pool, userWith(claims, pool), custom)
}

describe('choosing the role of a request', () => {
  const token: RoleMappingConfig = { Type: 'Token', AmbiguousRoleResolution: 'Deny' }

  it('takes a Token mapping from the preferred role, a single role, or a CustomRoleArn among the roles', () => {
    const roles = [role('a'), role('b')]
    expect(choose(token, { 'cognito:preferred_role': role('a'), 'cognito:roles': roles })).toBe(
      role('a'),
    )
    expect(choose(token, { 'cognito:roles': [role('b')] })).toBe(role('b'))
    expect(choose(token, { 'cognito:roles': roles }, role('b'))).toBe(role('b'))
    expect(choose(token, { 'cognito:roles': `${role('a')},${role('b')}` }, role('a'))).toBe(
      role('a'),
    )
    expect(() => choose(token, { 'cognito:roles': roles }, role('c'))).toThrow(/CustomRoleArn/)
    expect(() => choose(token, { 'cognito:roles': roles })).toThrow(
      'The ambiguous role mapping rules denied this request.',
    )
    expect(
      choose(
        { ...token, AmbiguousRoleResolution: 'AuthenticatedRole' },
        { 'cognito:roles': roles },
      ),
    ).toBe(role('default'))
  })

  it('matches rules in order with each match type; NotEqual skips a missing claim', () => {
    const rules = (
      MatchType: 'Equals' | 'Contains' | 'StartsWith' | 'NotEqual',
      Value: string,
    ): RoleMappingConfig => ({
      Type: 'Rules',
      AmbiguousRoleResolution: 'AuthenticatedRole',
      RulesConfiguration: {
        Rules: [
          { Claim: 'dept', MatchType, Value, RoleARN: role('first') },
          { Claim: 'dept', MatchType: 'Contains', Value: 'a', RoleARN: role('second') },
        ],
      },
    })
    expect(choose(rules('Equals', 'sales'), { dept: 'sales' })).toBe(role('first'))
    expect(choose(rules('Equals', 'sale'), { dept: 'sales' })).toBe(role('second'))
    expect(choose(rules('StartsWith', 'sal'), { dept: 'sales' })).toBe(role('first'))
    expect(choose(rules('Contains', 'le'), { dept: 'sales' })).toBe(role('first'))
    expect(choose(rules('NotEqual', 'hr'), { dept: 'sales' })).toBe(role('first'))
    expect(choose(rules('NotEqual', 'hr'), {})).toBe(role('default'))
    expect(choose(rules('Equals', 'x'), { dept: 'hr' })).toBe(role('default'))
  })

  it('gives guests the unauthenticated role, and a pool without the role is misconfigured', () => {
    const pool = poolWith()
    const guest: ResolvedIdentity = { pool, identityId: 'x', authenticated: false, logins: [] }
    expect(() => chooseRole(pool, guest, undefined)).toThrow(
      'Invalid identity pool configuration. Check assigned IAM roles for this pool.',
    )
    expect(chooseRole(pool, userWith({}, pool), undefined)).toBe(role('default'))
    expect(chooseRole(pool, userWith({}, pool), role('default'))).toBe(role('default'))
    expect(() => chooseRole(pool, userWith({}, pool), role('other'))).toThrow(/CustomRoleArn/)
  })
})
