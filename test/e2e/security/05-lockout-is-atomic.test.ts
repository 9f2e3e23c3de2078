import {
  AdminCreateUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  ForgotPasswordCommand,
  GetUserAttributeVerificationCodeCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import * as cognitoIdentityJs from 'amazon-cognito-identity-js'
import { createHmac } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  outbox,
  publicClient,
  rawCall,
} from '../support/clients'

const PASSWORD = 'Burst-Proof-Pass-42'
const admin = adminClient()
const sdk = publicClient()

/** One answer of a burst, reduced to what tells the outcomes apart. */
interface Answer {
  type: string | undefined
  message: string | undefined
  signedIn: boolean
}

const call = async (target: string, body: object): Promise<Answer> => {
  const reply = await rawCall(target, JSON.stringify(body))
  return {
    type: reply.json.__type as string | undefined,
    message: reply.json.message as string | undefined,
    signedIn: reply.json.AuthenticationResult !== undefined,
  }
}

const LOCKED = { type: 'NotAuthorizedException', message: 'Password attempts exceeded' }
const WRONG = { type: 'NotAuthorizedException', message: 'Incorrect username or password.' }
const isLocked = (a: Answer) => a.type === LOCKED.type && a.message === LOCKED.message

/**
 * The most attempts Cognito's rules let through, one after the other, in `ms`: five at once, then
 * one more after each lockout (1 s, 2 s, 4 s, …), and five more after a success resets the count.
 */
function sequentialAllowance(ms: number, succeeded: boolean): number {
  return 5 + Math.floor(Math.log2(1 + ms / 1000)) + (succeeded ? 5 : 0)
}

/**
 * Whether a lockout earned by `failures` counted failures must still hold `ms` after the burst
 * that earned it began (it cannot have started before the burst, and lasts 2^(n−5) s).
 */
const mustStillBeLocked = (failures: number, ms: number) =>
  failures >= 5 && ms < 2 ** (failures - 5) * 1000

/** Sends every request at once and measures how long the whole burst took. */
async function burst(requests: Array<() => Promise<Answer>>) {
  const started = Date.now()
  const answers = await Promise.all(requests.map((send) => send()))
  return { answers, started, elapsed: Date.now() - started }
}

/** What a burst of wrong secrets and one right one must show, whatever order they arrived in. */
function expectNoMoreThanSequential(
  answers: Answer[],
  elapsed: number,
  wrongAnswer: { type: string; message?: string },
) {
  const right = answers[answers.length - 1]!
  const wrong = answers.slice(0, -1)
  const signedIn = answers.filter((a) => a.signedIn)
  // Nothing is lost to a write race, and nothing but the lockout refuses an attempt.
  for (const answer of wrong)
    expect(isLocked(answer) || answer.type === wrongAnswer.type, JSON.stringify(answer)).toBe(true)
  expect(right.signedIn || isLocked(right), JSON.stringify(right)).toBe(true)
  expect(signedIn.length).toBeLessThanOrEqual(1)
  const reserved = answers.filter((a) => !isLocked(a)).length
  expect(reserved).toBeGreaterThanOrEqual(Math.min(5, answers.length))
  expect(reserved).toBeLessThanOrEqual(sequentialAllowance(elapsed, right.signedIn))
  return { reserved, signedIn: right.signedIn }
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

const passwordAttempt = (clientId: string, username: string, password: string) => () =>
  call('InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: password },
  })

/** After a burst the right one did not win, the account stays locked for as long as its failures earned. */
async function expectLockedAfter(
  clientId: string,
  username: string,
  outcome: { reserved: number; signedIn: boolean },
  started: number,
) {
  if (outcome.signedIn) return
  const after = await passwordAttempt(clientId, username, PASSWORD)()
  if (mustStillBeLocked(outcome.reserved, Date.now() - started)) expect(after).toMatchObject(LOCKED)
  else expect(after.signedIn || isLocked(after), JSON.stringify(after)).toBe(true)
}

// ---- SRP, with the client-side math of amazon-cognito-identity-js ----

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
const { AuthenticationHelper } = cognitoIdentityJs as unknown as {
  AuthenticationHelper: new (poolName: string) => ClientHelper
}

function timestamp(date = new Date()): string {
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][date.getUTCDay()]
  const month = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ][date.getUTCMonth()]
  const two = (n: number) => String(n).padStart(2, '0')
  return `${weekday} ${month} ${date.getUTCDate()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} UTC ${date.getUTCFullYear()}`
}

/** USER_SRP_AUTH's first step, and the PASSWORD_VERIFIER answer a client knowing `password` sends. */
async function srpClaim(poolId: string, clientId: string, username: string, password: string) {
  const poolName = poolId.split('_')[1]!
  const helper = new AuthenticationHelper(poolName)
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
        Buffer.from(poolName),
        Buffer.from(parameters.USER_ID_FOR_SRP!),
        Buffer.from(parameters.SECRET_BLOCK!, 'base64'),
        Buffer.from(when),
      ]),
    )
    .digest('base64')
  return () =>
    call('RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: {
        USERNAME: parameters.USER_ID_FOR_SRP!,
        PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK!,
        TIMESTAMP: when,
        PASSWORD_CLAIM_SIGNATURE: signature,
      },
    })
}

// ---- TOTP, as an authenticator app computes it ----

function totp(secret: string, offset = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const char of secret) bits += alphabet.indexOf(char).toString(2).padStart(5, '0')
  const key = Buffer.from(bits.match(/.{8}/g)!.map((byte) => parseInt(byte, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + offset))
  const mac = createHmac('sha1', key).update(counter).digest()
  const at = mac[mac.length - 1]! & 0x0f
  return String((mac.readUInt32BE(at) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

/** Waits out the end of a 30-second step, so codes computed now still fall in the window when they arrive. */
async function awayFromStepEdge(): Promise<void> {
  const intoStep = Date.now() % 30_000
  if (intoStep > 20_000)
    await new Promise((resolve) => setTimeout(resolve, 30_000 - intoStep + 500))
}

/** Six digits that are none of `codes`. */
function wrongCodes(count: number, codes: string[]): string[] {
  const out: string[] = []
  for (let n = 100_000; out.length < count; n += 7_919)
    if (!codes.includes(String(n))) out.push(String(n))
  return out
}

async function lastCode(poolId: string, username: string, purpose: string): Promise<string> {
  const sent = (await outbox(poolId)).filter(
    (m) => m.purpose === purpose && (m.username === username || m.destination === username),
  )
  return sent[sent.length - 1]!.code!
}

describe('security review 05: lockout is not bypassed by concurrency', () => {
  let poolId: string
  let clientId: string

  beforeAll(async () => {
    poolId = await createPool({
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ['email'],
    })
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        SoftwareTokenMfaConfiguration: { Enabled: true },
        MfaConfiguration: 'OPTIONAL',
      }),
    )
    clientId = (await createAppClient(poolId)).clientId
  })

  it('lets a burst of 19 wrong passwords and the right one through no faster than one by one, and the account stays locked', async () => {
    await confirmedUser(poolId, 'burst-password')
    const requests = [
      ...Array.from({ length: 19 }, (_, i) =>
        passwordAttempt(clientId, 'burst-password', `Wrong-Guess-${i}-x`),
      ),
      passwordAttempt(clientId, 'burst-password', PASSWORD),
    ]
    const { answers, started, elapsed } = await burst(requests)
    const outcome = expectNoMoreThanSequential(answers, elapsed, WRONG)
    for (const answer of answers.slice(0, -1))
      if (!isLocked(answer)) expect(answer).toMatchObject(WRONG)
    await expectLockedAfter(clientId, 'burst-password', outcome, started)
  })

  it('counts a burst of SRP password claims the same way', async () => {
    await confirmedUser(poolId, 'burst-srp')
    // The first step tries no secret and costs no attempt; every claim below is a fresh challenge.
    const claims = []
    for (let i = 0; i < 19; i++)
      claims.push(await srpClaim(poolId, clientId, 'burst-srp', `Wrong-Guess-${i}-x`))
    claims.push(await srpClaim(poolId, clientId, 'burst-srp', PASSWORD))
    const { answers, started, elapsed } = await burst(claims)
    const outcome = expectNoMoreThanSequential(answers, elapsed, WRONG)
    await expectLockedAfter(clientId, 'burst-srp', outcome, started)
  })

  it('counts a burst of TOTP codes the same way, against the same account', async () => {
    await confirmedUser(poolId, 'burst-totp')
    const signedIn = await sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'burst-totp', PASSWORD },
      }),
    )
    const AccessToken = signedIn.AuthenticationResult!.AccessToken!
    const { SecretCode } = await sdk.send(new AssociateSoftwareTokenCommand({ AccessToken }))
    await awayFromStepEdge()
    await sdk.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(SecretCode!) }))
    await sdk.send(
      new SetUserMFAPreferenceCommand({ AccessToken, SoftwareTokenMfaSettings: { Enabled: true } }),
    )
    const { Session, ChallengeName } = await sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'burst-totp', PASSWORD },
      }),
    )
    expect(ChallengeName).toBe('SOFTWARE_TOKEN_MFA')
    await awayFromStepEdge()
    // The step the verification used is spent; the next one is the right code.
    const right = totp(SecretCode!, 1)
    const valid = [-1, 0, 1, 2].map((offset) => totp(SecretCode!, offset))
    const answer = (code: string) => () =>
      call('RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session,
        ChallengeResponses: { USERNAME: 'burst-totp', SOFTWARE_TOKEN_MFA_CODE: code },
      })
    const { answers, started, elapsed } = await burst([
      ...wrongCodes(19, valid).map(answer),
      answer(right),
    ])
    const outcome = expectNoMoreThanSequential(answers, elapsed, { type: 'CodeMismatchException' })
    await expectLockedAfter(clientId, 'burst-totp', outcome, started)
  })

  it('counts a burst of email MFA codes the same way: one sign-in at most, none faster than one by one', async () => {
    const emailPool = await createPool({ EmailConfiguration: { EmailSendingAccount: 'DEVELOPER' } })
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: emailPool,
        EmailMfaConfiguration: { Message: 'Code {####}' },
        MfaConfiguration: 'OPTIONAL',
      }),
    )
    const emailClient = (await createAppClient(emailPool)).clientId
    await confirmedUser(emailPool, 'burst-email', [
      { Name: 'email', Value: 'burst-email@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ])
    await admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: emailPool,
        Username: 'burst-email',
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    )
    const { Session, ChallengeName } = await sdk.send(
      new InitiateAuthCommand({
        ClientId: emailClient,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'burst-email', PASSWORD },
      }),
    )
    expect(ChallengeName).toBe('EMAIL_OTP')
    const right = await lastCode(emailPool, 'burst-email', 'AUTHENTICATION')
    const answer = (code: string) => () =>
      call('RespondToAuthChallenge', {
        ClientId: emailClient,
        ChallengeName: 'EMAIL_OTP',
        Session,
        ChallengeResponses: { USERNAME: 'burst-email', EMAIL_OTP_CODE: code },
      })
    const { answers, elapsed } = await burst([
      ...wrongCodes(19, [right]).map(answer),
      answer(right),
    ])
    // A code also survives only five guesses, so the right one may come too late even unlocked.
    for (const a of answers)
      expect(
        isLocked(a) || a.type === 'CodeMismatchException' || a.signedIn,
        JSON.stringify(a),
      ).toBe(true)
    expect(answers.slice(0, -1).some((a) => a.signedIn)).toBe(false)
    const reserved = answers.filter((a) => !isLocked(a)).length
    expect(reserved).toBeGreaterThanOrEqual(5)
    expect(reserved).toBeLessThanOrEqual(sequentialAllowance(elapsed, answers.at(-1)!.signedIn))
  })

  it('counts every wrong sign-up code of a burst: five of them use the code up, and a new code gets five of its own', async () => {
    const username = 'burst-signup@example.com'
    await sdk.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: PASSWORD,
        UserAttributes: [{ Name: 'email', Value: username }],
      }),
    )
    const code = await lastCode(poolId, username, 'SIGN_UP')
    const confirm = (ConfirmationCode: string) => () =>
      call('ConfirmSignUp', { ClientId: clientId, Username: username, ConfirmationCode })
    const { answers } = await burst(wrongCodes(10, [code]).map(confirm))
    for (const answer of answers) expect(answer.type).toBe('CodeMismatchException')
    // Ten wrong guesses were counted, so the code is used up: even the right one no longer works.
    expect((await confirm(code)()).type).toBe('CodeMismatchException')

    await sdk.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: username }))
    const fresh = await lastCode(poolId, username, 'RESEND_CODE')
    // Four wrong guesses at once leave the fifth attempt to the right code.
    const second = await burst(wrongCodes(4, [fresh]).map(confirm))
    for (const answer of second.answers) expect(answer.type).toBe('CodeMismatchException')
    expect(await confirm(fresh)()).toMatchObject({ type: undefined })
  })

  it('counts every wrong password-reset code of a burst', async () => {
    await confirmedUser(poolId, 'burst-reset', [
      { Name: 'email', Value: 'burst-reset@example.com' },
      { Name: 'email_verified', Value: 'true' },
    ])
    await sdk.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'burst-reset' }))
    const code = await lastCode(poolId, 'burst-reset', 'FORGOT_PASSWORD')
    const reset = (ConfirmationCode: string) => () =>
      call('ConfirmForgotPassword', {
        ClientId: clientId,
        Username: 'burst-reset',
        ConfirmationCode,
        Password: 'Reset-After-Burst-7',
      })
    const { answers } = await burst(wrongCodes(10, [code]).map(reset))
    for (const answer of answers) expect(answer.type).toBe('CodeMismatchException')
    expect((await reset(code)()).type).toBe('CodeMismatchException')
    expect((await passwordAttempt(clientId, 'burst-reset', 'Reset-After-Burst-7')()).signedIn).toBe(
      false,
    )
  })

  it('counts every wrong attribute-verification code of a burst', async () => {
    await confirmedUser(poolId, 'burst-verify', [
      { Name: 'email', Value: 'burst-verify@example.com' },
    ])
    const signedIn = await sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'burst-verify', PASSWORD },
      }),
    )
    const AccessToken = signedIn.AuthenticationResult!.AccessToken!
    await sdk.send(
      new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }),
    )
    const code = await lastCode(poolId, 'burst-verify@example.com', 'VERIFY_ATTRIBUTE')
    const verify = (Code: string) => () =>
      call('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code })
    const { answers } = await burst(wrongCodes(10, [code]).map(verify))
    for (const answer of answers) expect(answer.type).toBe('CodeMismatchException')
    expect((await verify(code)()).type).toBe('CodeMismatchException')
  })
})
