import { describe, expect, it } from 'vitest'
import { testApp } from './support/app'

const arn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`

describe('ListUserPools', () => {
  it('describes each pool with its LambdaConfig, as UpdateUserPool last left it', async () => {
    const app = testApp()
    const { UserPool } = (await app.admin('CreateUserPool', {
      PoolName: 'with-triggers',
      LambdaConfig: { PreSignUp: arn('pre-sign-up') },
    })) as { UserPool: { Id: string } }
    await app.admin('CreateUserPool', { PoolName: 'without-triggers' })
    const listed = async () =>
      Object.fromEntries(
        (
          (await app.admin('ListUserPools', { MaxResults: 10 })).UserPools as Array<{
            Name: string
            LambdaConfig: unknown
          }>
        ).map((p) => [p.Name, p.LambdaConfig]),
      )
    expect(await listed()).toEqual({
      'with-triggers': { PreSignUp: arn('pre-sign-up') },
      'without-triggers': {},
    })
    await app.admin('UpdateUserPool', {
      UserPoolId: UserPool.Id,
      LambdaConfig: {
        CustomMessage: arn('custom-message'),
        PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: arn('tokens') },
      },
    })
    const described = (await app.admin('DescribeUserPool', { UserPoolId: UserPool.Id })) as {
      UserPool: { LambdaConfig: unknown }
    }
    expect((await listed())['with-triggers']).toEqual(described.UserPool.LambdaConfig)
    expect(described.UserPool.LambdaConfig).toMatchObject({ CustomMessage: arn('custom-message') })
  })
})
