import { beforeEach, describe, expect, it } from 'vitest'
import { testApp, type TestApp } from '../support/app'
import { protectedPool } from './support'

const ACTIONS = (low: string, medium: string, high: string, notify = false) => ({
  LowAction: { Notify: notify, EventAction: low },
  MediumAction: { Notify: notify, EventAction: medium },
  HighAction: { Notify: notify, EventAction: high },
})

describe('UserPoolAddOns and the risk configuration', () => {
  let app: TestApp
  let poolId: string
  let clientId: string
  const set = (body: Record<string, unknown>) =>
    app.admin('SetRiskConfiguration', { UserPoolId: poolId, ...body })

  beforeEach(async () => {
    app = testApp()
    ;({ poolId, clientId } = await protectedPool(app, 'ENFORCED'))
  })

  it('keeps UserPoolAddOns with the pool and refuses a mode Cognito does not have', async () => {
    const described = (await app.admin('DescribeUserPool', { UserPoolId: poolId })) as {
      UserPool: { UserPoolAddOns: unknown }
    }
    expect(described.UserPool.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' })
    await expect(
      app.admin('CreateUserPool', {
        PoolName: 'p',
        UserPoolAddOns: { AdvancedSecurityMode: 'ON' },
      }),
    ).rejects.toThrow(/InvalidParameterException/)
    await expect(
      app.admin('CreateUserPool', { PoolName: 'p', UserPoolAddOns: {} }),
    ).rejects.toThrow(/InvalidParameterException/)
  })

  it('refuses the risk operations where threat protection is off', async () => {
    const off = await protectedPool(app, 'OFF')
    for (const operation of ['SetRiskConfiguration', 'DescribeRiskConfiguration'])
      await expect(app.admin(operation, { UserPoolId: off.poolId })).rejects.toThrow(
        /UserPoolAddOnNotEnabledException/,
      )
  })

  it('never meets a higher risk level with a less strict action', async () => {
    for (const actions of [
      ACTIONS('BLOCK', 'MFA_REQUIRED', 'BLOCK'),
      ACTIONS('NO_ACTION', 'BLOCK', 'MFA_REQUIRED'),
      ACTIONS('MFA_REQUIRED', 'MFA_IF_CONFIGURED', 'BLOCK'),
    ])
      await expect(set({ AccountTakeoverRiskConfiguration: { Actions: actions } })).rejects.toThrow(
        /InvalidParameterException/,
      )
    await expect(
      set({
        AccountTakeoverRiskConfiguration: { Actions: ACTIONS('NO_ACTION', 'NO_ACTION', 'BLOCK') },
      }),
    ).resolves.toBeTruthy()
  })

  it('wants templates to notify with, and CIDR ranges', async () => {
    await expect(
      set({
        AccountTakeoverRiskConfiguration: {
          Actions: ACTIONS('NO_ACTION', 'MFA_IF_CONFIGURED', 'BLOCK', true),
        },
      }),
    ).rejects.toThrow(/InvalidParameterException/)
    for (const range of [
      '10.0.0.0/33',
      '300.1.1.1',
      'example.com',
      '2001:db8::/129',
      '10.0.0.0/8/8',
    ])
      await expect(
        set({ RiskExceptionConfiguration: { BlockedIPRangeList: [range] } }),
      ).rejects.toThrow(/InvalidParameterException/)
  })

  it('applies a client configuration instead of the pool one, and describes either', async () => {
    const empty = (await app.admin('DescribeRiskConfiguration', { UserPoolId: poolId })) as {
      RiskConfiguration: Record<string, unknown>
    }
    expect(empty.RiskConfiguration).toEqual({ UserPoolId: poolId })
    await set({
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
      RiskExceptionConfiguration: { BlockedIPRangeList: ['192.0.2.0/24'] },
    })
    const own = await set({
      ClientId: clientId,
      RiskExceptionConfiguration: { SkippedIPRangeList: ['10.0.0.0/8'] },
    })
    expect(own).toMatchObject({
      RiskConfiguration: {
        UserPoolId: poolId,
        ClientId: clientId,
        RiskExceptionConfiguration: { SkippedIPRangeList: ['10.0.0.0/8'] },
      },
    })
    const pool = (await app.admin('DescribeRiskConfiguration', { UserPoolId: poolId })) as {
      RiskConfiguration: Record<string, unknown>
    }
    expect(pool.RiskConfiguration).toMatchObject({
      UserPoolId: poolId,
      CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
    })
    expect(pool.RiskConfiguration.ClientId).toBeUndefined()
    expect(typeof pool.RiskConfiguration.LastModifiedDate).toBe('number')
    await expect(
      app.admin('DescribeRiskConfiguration', { UserPoolId: poolId, ClientId: 'nosuchclient1' }),
    ).rejects.toThrow(/ResourceNotFoundException/)
  })
})
