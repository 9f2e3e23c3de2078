import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import * as cognitoIdentityJs from 'amazon-cognito-identity-js'
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js'
import { createHmac } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  outbox,
  publicClient,
} from './support/clients'

const PASSWORD = 'Srp-Sign-In-42'
const admin = adminClient()
const sdk = publicClient()

/** The library's own big-number type, reached through a value it returns. */
interface BigNumber {
  toString(radix: number): string
  constructor: new (value: string, radix: number) => BigNumber
}
interface ClientHelper {
  getLargeAValue(callback: (error: unknown, value: BigNumber) => void): void
  getPasswordAuthenticationKey(
    userId: string,
    password: string,
    serverB: BigNumber,
    salt: BigNumber,
    callback: (error: unknown, key: Buffer) => void,
  ): void
}
// Exported by amazon-cognito-identity-js but missing from its type declarations.
const { AuthenticationHelper } = cognitoIdentityJs as unknown as {
  AuthenticationHelper: new (poolName: string) => ClientHelper
}

/** Cognito's `ddd MMM D HH:mm:ss UTC YYYY`. */
function timestamp(date = new Date()): string {
  const [weekday, month] = [
    ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getUTCDay()],
    ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][
      date.getUTCMonth()
    ],
  ]
  const two = (n: number) => String(n).padStart(2, '0')
  return `${weekday} ${month} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`
}

/**
 * USER_SRP_AUTH over the raw AWS SDK, with the client-side math of amazon-cognito-identity-js:
 * returns the challenge and a ready PASSWORD_VERIFIER answer, so tests can tamper with either.
 */
async function srpChallenge(poolId: string, clientId: string, username: string, password: string) {
  const helper = new AuthenticationHelper(poolId.split('_')[1]!)
  const largeA = await new Promise<BigNumber>((resolve, reject) =>
    helper.getLargeAValue((error, value) => (error ? reject(error) : resolve(value))),
  )
  const started = await sdk.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: username, SRP_A: largeA.toString(16) },
    }),
  )
  const parameters = started.ChallengeParameters!
  const Big = largeA.constructor
  const key = await new Promise<Buffer>((resolve, reject) =>
    helper.getPasswordAuthenticationKey(
      parameters.USER_ID_FOR_SRP!,
      password,
      new Big(parameters.SRP_B!, 16),
      new Big(parameters.SALT!, 16),
      (error, hkdf) => (error ? reject(error) : resolve(hkdf)),
    ),
  )
  const when = timestamp()
  const signature = createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(poolId.split('_')[1]!),
        Buffer.from(parameters.USER_ID_FOR_SRP!),
        Buffer.from(parameters.SECRET_BLOCK!, 'base64'),
        Buffer.from(when),
      ]),
    )
    .digest('base64')
  const responses = {
    USERNAME: parameters.USER_ID_FOR_SRP!,
    PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK!,
    TIMESTAMP: when,
    PASSWORD_CLAIM_SIGNATURE: signature,
  }
  const answer = (overrides: Record<string, string> = {}) =>
    sdk.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: { ...responses, ...overrides },
      }),
    )
  return { started, parameters, responses, answer }
}

async function confirmedUser(
  poolId: string,
  username: string,
  attributes: Array<{ Name: string; Value: string }> = [],
): Promise<void> {
  await admin.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: attributes,
    }),
  )
  await admin.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    }),
  )
}

describe('USER_SRP_AUTH with amazon-cognito-identity-js (its default sign-in)', () => {
  let poolId: string
  let userPool: CognitoUserPool

  beforeAll(async () => {
    poolId = await createPool({
      AutoVerifiedAttributes: ['email'],
      AliasAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
    })
    const { clientId } = await createAppClient(poolId)
    userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: endpoint() })
  })

  const authenticate = (username: string, password: string) =>
    new Promise<CognitoUserSession>((resolve, reject) =>
      new CognitoUser({ Username: username, Pool: userPool }).authenticateUser(
        new AuthenticationDetails({ Username: username, Password: password }),
        {
          onSuccess: resolve,
          onFailure: reject,
          newPasswordRequired: () => reject(new Error('unexpected NEW_PASSWORD_REQUIRED')),
        },
      ),
    )

  it('signs up, confirms and signs in with SRP; a wrong password is NotAuthorized', async () => {
    await new Promise((resolve, reject) =>
      userPool.signUp(
        'SrpUser',
        PASSWORD,
        [new cognitoIdentityJs.CognitoUserAttribute({ Name: 'email', Value: 'srp@example.com' })],
        [],
        (error, result) => (error ? reject(error) : resolve(result)),
      ),
    )
    const code = (await outbox(poolId)).find(
      (m) => m.username === 'SrpUser' && m.purpose === 'SIGN_UP',
    )!.code!
    await sdk.send(
      new ConfirmSignUpCommand({
        ClientId: userPool.getClientId(),
        Username: 'SrpUser',
        ConfirmationCode: code,
      }),
    )
    const session = await authenticate('SrpUser', PASSWORD)
    expect(session.isValid()).toBe(true)
    expect(session.getIdToken().decodePayload()['cognito:username']).toBe('SrpUser')
    await expect(authenticate('SrpUser', 'Wrong-Password-1')).rejects.toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    })
  })

  it('signs in by verified email alias and in another case, hashing with USER_ID_FOR_SRP', async () => {
    await confirmedUser(poolId, 'AliasSrp', [
      { Name: 'email', Value: 'alias.srp@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ])
    expect(
      (await authenticate('alias.srp@example.com', PASSWORD)).getAccessToken().decodePayload()
        .username,
    ).toBe('AliasSrp')
    expect((await authenticate('aliassrp', PASSWORD)).isValid()).toBe(true)
  })

  it('answers a temporary password with NEW_PASSWORD_REQUIRED and completes it', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'fresh-srp',
        TemporaryPassword: 'Temporary-Pass-1',
        MessageAction: 'SUPPRESS',
      }),
    )
    const user = new CognitoUser({ Username: 'fresh-srp', Pool: userPool })
    const session = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(
        new AuthenticationDetails({ Username: 'fresh-srp', Password: 'Temporary-Pass-1' }),
        {
          onSuccess: reject,
          onFailure: reject,
          newPasswordRequired: () =>
            user.completeNewPasswordChallenge(
              'Chosen-Pass-77',
              {},
              { onSuccess: resolve, onFailure: reject },
            ),
        },
      ),
    )
    expect(session.isValid()).toBe(true)
    expect((await authenticate('fresh-srp', 'Chosen-Pass-77')).isValid()).toBe(true)
  })

  it('uses the new password after ChangePassword', async () => {
    await confirmedUser(poolId, 'changer')
    const first = await authenticate('changer', PASSWORD)
    await sdk.send(
      new ChangePasswordCommand({
        AccessToken: first.getAccessToken().getJwtToken(),
        PreviousPassword: PASSWORD,
        ProposedPassword: 'Changed-Srp-Pass-5',
      }),
    )
    await expect(authenticate('changer', PASSWORD)).rejects.toMatchObject({
      code: 'NotAuthorizedException',
    })
    expect((await authenticate('changer', 'Changed-Srp-Pass-5')).isValid()).toBe(true)
  })
})

describe('USER_SRP_AUTH on the wire', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool({ UsernameAttributes: ['email'] })
    clientId = (await createAppClient(poolId)).clientId
  })

  it("sends the PASSWORD_VERIFIER challenge with Cognito's parameters and no Session, and signs in", async () => {
    await confirmedUser(poolId, 'wire@example.com')
    const { started, parameters, answer } = await srpChallenge(
      poolId,
      clientId,
      'wire@example.com',
      PASSWORD,
    )
    expect(started.ChallengeName).toBe('PASSWORD_VERIFIER')
    expect(started.Session).toBeUndefined()
    expect(parameters.SALT).toMatch(/^[0-9a-f]+$/)
    expect(parameters.SRP_B).toMatch(/^[0-9a-f]+$/)
    // In a pool whose usernames are emails, the SRP user id is the stored username, the sub.
    expect(parameters.USER_ID_FOR_SRP).toMatch(/^[0-9a-f-]{36}$/)
    const result = await answer()
    expect(result.AuthenticationResult?.AccessToken).toBeTruthy()
    expect(result.AuthenticationResult?.RefreshToken).toBeTruthy()
  })

  it('uses a secret block once, and refuses one tampered with, from another client or with a bad timestamp', async () => {
    await confirmedUser(poolId, 'replay@example.com')
    const { responses, answer } = await srpChallenge(
      poolId,
      clientId,
      'replay@example.com',
      PASSWORD,
    )
    await expect(answer({ TIMESTAMP: 'yesterday' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    const block = Buffer.from(responses.PASSWORD_CLAIM_SECRET_BLOCK, 'base64')
    block[block.length - 1]! ^= 1
    await expect(
      answer({ PASSWORD_CLAIM_SECRET_BLOCK: block.toString('base64') }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    const other = (await createAppClient(poolId)).clientId
    await expect(
      sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: other,
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeResponses: responses,
        }),
      ),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' })
    expect((await answer()).AuthenticationResult?.IdToken).toBeTruthy()
    await expect(answer()).rejects.toMatchObject({ name: 'NotAuthorizedException' })
  })

  it('refuses bad SRP_A values, missing parameters and clients that do not allow SRP', async () => {
    const start = (AuthParameters: Record<string, string>, ClientId = clientId) =>
      sdk.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters }))
    await expect(start({ USERNAME: 'wire@example.com' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await expect(start({ SRP_A: 'abc' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await expect(start({ USERNAME: 'wire@example.com', SRP_A: '0' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    await expect(start({ USERNAME: 'wire@example.com', SRP_A: 'not-hex' })).rejects.toMatchObject({
      name: 'InvalidParameterException',
    })
    const passwordOnly = (
      await createAppClient(poolId, {
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      })
    ).clientId
    await expect(
      start({ USERNAME: 'wire@example.com', SRP_A: 'abc' }, passwordOnly),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
    await expect(
      sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'PASSWORD_VERIFIER',
          ChallengeResponses: { USERNAME: 'x' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' })
  })

  it('counts wrong claims towards lockout', async () => {
    await confirmedUser(poolId, 'guessed@example.com')
    for (let i = 0; i < 5; i++) {
      const { answer } = await srpChallenge(
        poolId,
        clientId,
        'guessed@example.com',
        `Wrong-Guess-${i}`,
      )
      await expect(answer()).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      })
    }
    // Checked with one quick request, well inside the one-second lockout the fifth failure earned.
    await expect(
      sdk.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'guessed@example.com', PASSWORD },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Password attempts exceeded',
    })
  })

  it('hides unknown users behind a stable decoy challenge when PreventUserExistenceErrors is ENABLED', async () => {
    const strict = (await createAppClient(poolId, { PreventUserExistenceErrors: 'ENABLED' }))
      .clientId
    const first = await srpChallenge(poolId, strict, 'nobody@example.com', PASSWORD)
    const second = await srpChallenge(poolId, strict, 'nobody@example.com', PASSWORD)
    expect(first.started.ChallengeName).toBe('PASSWORD_VERIFIER')
    expect(first.parameters.SALT).toBe(second.parameters.SALT)
    // Usernames here are emails, so every real USER_ID_FOR_SRP is a sub: the decoy's is sub-shaped too, and stable.
    expect(first.parameters.USER_ID_FOR_SRP).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
    expect(first.parameters.USER_ID_FOR_SRP).toBe(second.parameters.USER_ID_FOR_SRP)
    await expect(first.answer()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    })
    await expect(
      srpChallenge(poolId, clientId, 'nobody@example.com', PASSWORD),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' })
  })

  it('signs in a user created by SignUp in a pool keyed by email', async () => {
    await sdk.send(
      new SignUpCommand({ ClientId: clientId, Username: 'signed@example.com', Password: PASSWORD }),
    )
    await admin.send(
      new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'signed@example.com' }),
    )
    expect(
      (await (await srpChallenge(poolId, clientId, 'signed@example.com', PASSWORD)).answer())
        .AuthenticationResult?.AccessToken,
    ).toBeTruthy()
  })
})
