import {
  CognitoIdentityServiceException,
  CreateIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  type RoleMapping,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
} from '@aws-sdk/client-cognito-identity'
import { describe, expect, it } from 'vitest'
import { testApp } from './support/app'
import { identitySdkClient } from './support/sdk'

const USER_POOL = 'cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123'
const CLIENT = 'abc123'
const MAPPING_KEY = `${USER_POOL}:${CLIENT}`
const role = (name: string) => `arn:aws:iam::000000000000:role/${name}`

async function setup() {
  const identity = identitySdkClient(testApp())
  const pool = await identity.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: 'roles',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: CLIENT }],
    }),
  )
  return { identity, id: pool.IdentityPoolId! }
}

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

const rules: RoleMapping = {
  Type: 'Rules',
  AmbiguousRoleResolution: 'Deny',
  RulesConfiguration: {
    Rules: [{ Claim: 'custom:dept', MatchType: 'Equals', Value: 'sales', RoleARN: role('sales') }],
  },
}

describe('identity pools: GetIdentityPoolRoles and SetIdentityPoolRoles', () => {
  it('sets default roles and role mappings, returns them, and keeps them over an update', async () => {
    const { identity, id } = await setup()
    expect(
      await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id })),
    ).toMatchObject({ IdentityPoolId: id, Roles: {}, RoleMappings: {} })
    await identity.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: id,
        Roles: { authenticated: role('auth'), unauthenticated: role('guest') },
        RoleMappings: { [MAPPING_KEY]: rules },
      }),
    )
    const expected = {
      IdentityPoolId: id,
      Roles: { authenticated: role('auth'), unauthenticated: role('guest') },
      RoleMappings: { [MAPPING_KEY]: rules },
    }
    expect(
      await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id })),
    ).toMatchObject(expected)
    await identity.send(
      new UpdateIdentityPoolCommand({
        IdentityPoolId: id,
        IdentityPoolName: 'renamed',
        AllowUnauthenticatedIdentities: true,
        CognitoIdentityProviders: [{ ProviderName: USER_POOL, ClientId: CLIENT }],
      }),
    )
    expect(
      await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id })),
    ).toMatchObject(expected)
    // A set replaces: a Token mapping keeps no rules, and a role left out is gone.
    await identity.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: id,
        Roles: { authenticated: role('auth') },
        RoleMappings: {
          [MAPPING_KEY]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' },
        },
      }),
    )
    const replaced = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }))
    expect(replaced.Roles).toEqual({ authenticated: role('auth') })
    expect(replaced.RoleMappings).toEqual({
      [MAPPING_KEY]: { Type: 'Token', AmbiguousRoleResolution: 'AuthenticatedRole' },
    })
  })

  it('refuses what Cognito refuses, as InvalidParameterException', async () => {
    const { identity, id } = await setup()
    const set = (
      input: Omit<ConstructorParameters<typeof SetIdentityPoolRolesCommand>[0], 'IdentityPoolId'>,
    ) => refusal(identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, ...input })))
    expect((await set({ Roles: { authenticated: 'arn:aws:s3:::not-a-role-at-all' } })).name).toBe(
      'InvalidParameterException',
    )
    expect((await set({ Roles: { admin: role('admin') } })).name).toBe('InvalidParameterException')
    const mapped = (mapping: RoleMapping, key = MAPPING_KEY) =>
      set({ Roles: {}, RoleMappings: { [key]: mapping } })
    expect((await mapped(rules, `${USER_POOL}:other-client`)).name).toBe(
      'InvalidParameterException',
    )
    expect((await mapped({ Type: 'Token' })).name).toBe('InvalidParameterException')
    expect((await mapped({ Type: 'Rules', AmbiguousRoleResolution: 'Deny' })).name).toBe(
      'InvalidParameterException',
    )
    const rule = rules.RulesConfiguration!.Rules![0]!
    expect(
      (await mapped({ ...rules, RulesConfiguration: { Rules: Array(26).fill(rule) } })).name,
    ).toBe('InvalidParameterException')
    expect((await mapped({ ...rules, RulesConfiguration: { Rules: [] } })).name).toBe(
      'InvalidParameterException',
    )
    expect(
      (
        await mapped({
          ...rules,
          RulesConfiguration: { Rules: [{ ...rule, RoleARN: 'arn:aws:iam::000000000000:user/x' }] },
        })
      ).name,
    ).toBe('InvalidParameterException')
    expect(
      (
        await mapped({
          ...rules,
          RulesConfiguration: { Rules: [{ ...rule, MatchType: 'Like' as 'Equals' }] },
        })
      ).name,
    ).toBe('InvalidParameterException')
    // Nothing refused was stored.
    expect(
      (await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }))).Roles,
    ).toEqual({})
    expect(
      (
        await refusal(
          identity.send(
            new GetIdentityPoolRolesCommand({
              IdentityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
            }),
          ),
        )
      ).name,
    ).toBe('ResourceNotFoundException')
  })
})
