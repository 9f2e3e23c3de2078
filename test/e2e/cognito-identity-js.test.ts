import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js'
import { beforeAll, describe, expect, it } from 'vitest'
import { createAppClient, createPool, endpoint, outbox } from './support/clients'

/** amazon-cognito-identity-js (what Amplify builds on), pointed at Portcullis with its `endpoint` option. */
describe('amazon-cognito-identity-js', () => {
  let userPool: CognitoUserPool

  beforeAll(async () => {
    const poolId = await createPool({ AutoVerifiedAttributes: ['email'] })
    const { clientId } = await createAppClient(poolId)
    userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: endpoint() })
  })

  const call = <T>(run: (done: (error: Error | null | undefined, result?: T) => void) => void) =>
    new Promise<T>((resolve, reject) =>
      run((error, result) => (error ? reject(error) : resolve(result as T))),
    )

  it('signs up, confirms, signs in with USER_PASSWORD_AUTH, reads attributes and refreshes the session', async () => {
    await call((done) =>
      userPool.signUp(
        'jsuser',
        'Js-Library-Pass-1',
        [new CognitoUserAttribute({ Name: 'email', Value: 'js@example.com' })],
        [],
        done,
      ),
    )
    const code = (await outbox(userPool.getUserPoolId())).find((m) => m.username === 'jsuser')!
      .code!
    const user = new CognitoUser({ Username: 'jsuser', Pool: userPool })
    await call((done) => user.confirmRegistration(code, true, done))
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH')
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(
        new AuthenticationDetails({ Username: 'jsuser', Password: 'Js-Library-Pass-1' }),
        { onSuccess: resolve, onFailure: reject },
      ),
    )
    expect(session.isValid()).toBe(true)
    expect(session.getIdToken().decodePayload()['cognito:username']).toBe('jsuser')
    const attributes = await call<CognitoUserAttribute[]>((done) => user.getUserAttributes(done))
    expect(attributes.find((a) => a.getName() === 'email')?.getValue()).toBe('js@example.com')
    const refreshed = await call<CognitoUserSession>((done) =>
      user.refreshSession(session.getRefreshToken(), done),
    )
    expect(refreshed.getAccessToken().getJwtToken()).toBeTruthy()
  })

  it("reports a wrong password with Cognito's error code", async () => {
    const user = new CognitoUser({ Username: 'jsuser', Pool: userPool })
    user.setAuthenticationFlowType('USER_PASSWORD_AUTH')
    const failure = await new Promise<{ code: string }>((resolve) =>
      user.authenticateUser(
        new AuthenticationDetails({ Username: 'jsuser', Password: 'Wrong-Pass-999' }),
        { onSuccess: () => resolve({ code: 'none' }), onFailure: resolve },
      ),
    )
    expect(failure.code).toBe('NotAuthorizedException')
  })
})
