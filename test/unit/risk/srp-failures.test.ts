import { describe, expect, it } from 'vitest'
import { testApp } from '../support/app'
import { srpExchange } from '../support/srp-client'
import { addUser, callFrom, PARIS, protectedPool } from './support'

const PASSWORD = 'Srp-Risk-Pass-42'

describe('failed SRP password claims under threat protection', () => {
  it('count toward failure velocity and password spraying as wrong passwords do', async () => {
    const app = testApp()
    const { poolId, clientId } = await protectedPool(app, 'ENFORCED')
    const srpClientId = (
      (await app.admin('CreateUserPoolClient', {
        UserPoolId: poolId,
        ClientName: 'srp',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      })) as { UserPoolClient: { ClientId: string } }
    ).UserPoolClient.ClientId
    await app.admin('SetRiskConfiguration', {
      UserPoolId: poolId,
      AccountTakeoverRiskConfiguration: {
        Actions: {
          LowAction: { Notify: false, EventAction: 'NO_ACTION' },
          MediumAction: { Notify: false, EventAction: 'MFA_REQUIRED' },
          HighAction: { Notify: false, EventAction: 'BLOCK' },
        },
      },
    })
    const names = ['s1', 's2', 's3', 's4', 's5']
    for (const name of [...names, 'target']) await addUser(app, poolId, name, PASSWORD)
    const sprayer = { cf: PARIS, ip: '192.0.2.66' }
    /** USER_SRP_AUTH with a wrong password: the claim is made and refused. */
    const wrongClaim = async (name: string) => {
      const exchange = await srpExchange(poolId.split('_')[1]!)
      const challenge = await callFrom(app, sprayer, 'InitiateAuth', {
        ClientId: srpClientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: name, SRP_A: exchange.A },
      })
      const parameters = challenge.ChallengeParameters as Record<string, string>
      const claim = await exchange.claim(parameters, parameters.USER_ID_FOR_SRP!, 'Spring2026!!')
      return callFrom(app, sprayer, 'RespondToAuthChallenge', {
        ClientId: srpClientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: claim,
      })
    }
    for (const name of names)
      expect(await wrongClaim(name)).toMatchObject({ __type: 'NotAuthorizedException' })
    // The failed claim is the account's failed SignIn event.
    const [failed] = (
      (await app.admin('AdminListUserAuthEvents', { UserPoolId: poolId, Username: 's1' })) as {
        AuthEvents: Array<Record<string, unknown>>
      }
    ).AuthEvents
    expect(failed).toMatchObject({
      EventType: 'SignIn',
      EventResponse: 'Fail',
      ChallengeResponses: [{ ChallengeName: 'Password', ChallengeResponse: 'Failure' }],
    })
    // Five accounts failed from the address: the next sign-in from it is password spraying.
    const guessed = await callFrom(app, sprayer, 'InitiateAuth', {
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'target', PASSWORD },
    })
    expect(guessed.ChallengeName).toBe('MFA_SETUP')
  })
})
