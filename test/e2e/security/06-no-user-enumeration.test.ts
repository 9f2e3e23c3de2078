import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { SignatureV4 } from '@smithy/signature-v4'
import * as cognitoIdentityJs from 'amazon-cognito-identity-js'
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import {
  adminClient,
  createAppClient,
  createPool,
  endpoint,
  publicClient,
  rawCall,
} from '../support/clients'

const PASSWORD = 'Hidden-Account-42'
const admin = adminClient()

/**
 * Everything a caller can see of an answer but the request id and the date: status, `__type`,
 * message, CodeDeliveryDetails, the header names and x-amzn-errortype.
 */
interface Shape {
  status: number
  type: unknown
  message: unknown
  details: unknown
  headers: string[]
  errorType: string | null
}

const shapeOf = (reply: { status: number; json: Record<string, unknown>; headers: Headers }) => ({
  status: reply.status,
  type: reply.json.__type,
  message: reply.json.message,
  details: reply.json.CodeDeliveryDetails,
  headers: [...reply.headers.keys()].filter((name) => name !== 'date').sort(),
  errorType: reply.headers.get('x-amzn-errortype'),
})

const publicCall = async (target: string, body: object): Promise<Shape> =>
  shapeOf(await rawCall(target, JSON.stringify(body)))

/** SHA-256 and HMAC-SHA256 in the shape the AWS signer expects. */
class NodeSha256 {
  private readonly hash: Hash | Hmac
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret))
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBuffer(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
}
const toBuffer = (data: string | ArrayBuffer | ArrayBufferView): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data)
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data)

/** An admin operation signed with the worker's admin key, answered raw. */
async function adminCall(target: string, body: object): Promise<Shape> {
  const url = new URL(endpoint())
  const text = JSON.stringify(body)
  const signed = await new SignatureV4({
    service: 'cognito-idp',
    region: 'us-east-1',
    sha256: NodeSha256,
    credentials: {
      accessKeyId: inject('accessKeyId'),
      secretAccessKey: inject('secretAccessKey'),
    },
  }).sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    headers: {
      host: url.host,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: text,
  })
  const response = await fetch(`${endpoint()}/`, {
    method: 'POST',
    headers: signed.headers,
    body: text,
  })
  return shapeOf({
    status: response.status,
    json: JSON.parse(await response.text()) as Record<string, unknown>,
    headers: response.headers,
  })
}

// ---- SRP's first step and a wrong claim, with the client-side math of amazon-cognito-identity-js ----

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

async function srpSignIn(poolId: string, clientId: string, username: string, password: string) {
  const poolName = poolId.split('_')[1]!
  const helper = new AuthenticationHelper(poolName)
  const largeA = await new Promise<BigNumber>((resolve, reject) =>
    helper.getLargeAValue((error, value) => (error ? reject(error) : resolve(value))),
  )
  const reply = await rawCall(
    'InitiateAuth',
    JSON.stringify({
      ClientId: clientId,
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: username, SRP_A: largeA.toString(16) },
    }),
  )
  const first = shapeOf(reply)
  const parameters = (reply.json.ChallengeParameters ?? {}) as Record<string, string>
  const answer = async (): Promise<Shape> => {
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
    return publicCall('RespondToAuthChallenge', {
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
  return { first, parameters, challengeName: reply.json.ChallengeName, answer }
}

/** The parts of a PASSWORD_VERIFIER challenge a caller can compare: which parameters, of what form. */
function challengeForm(challenge: Awaited<ReturnType<typeof srpSignIn>>) {
  const p = challenge.parameters
  return {
    ...challenge.first,
    challengeName: challenge.challengeName,
    parameterNames: Object.keys(p).sort(),
    salt: /^[0-9a-f]{32}$/.test(p.SALT ?? ''),
    srpB: /^[0-9a-f]{700,768}$/.test(p.SRP_B ?? ''),
    secretBlockLength: p.SECRET_BLOCK?.length,
    sameIds: p.USERNAME === p.USER_ID_FOR_SRP,
    userIdForm: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(
      p.USER_ID_FOR_SRP ?? '',
    )
      ? 'sub'
      : (p.USER_ID_FOR_SRP?.length ?? 0),
  }
}

async function confirmedUser(
  poolId: string,
  username: string,
  attributes: Array<{ Name: string; Value: string }>,
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

/** Answers of a burst, in an order that does not depend on arrival: what kinds came back, how often. */
const kinds = (shapes: Shape[]) =>
  shapes.map((s) => JSON.stringify({ ...s, details: s.details ?? null })).sort()

describe('security review 06: users cannot be enumerated with PreventUserExistenceErrors', () => {
  describe('a pool whose usernames are email addresses', () => {
    let poolId: string
    let strict: string
    let legacy: string

    beforeAll(async () => {
      poolId = await createPool({
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
      })
      strict = (await createAppClient(poolId, { PreventUserExistenceErrors: 'ENABLED' })).clientId
      legacy = (await createAppClient(poolId, { PreventUserExistenceErrors: 'LEGACY' })).clientId
      const verified = (email: string) => [
        { Name: 'email', Value: email },
        { Name: 'email_verified', Value: 'true' },
      ]
      await confirmedUser(poolId, 'victim@example.com', verified('victim@example.com'))
      await confirmedUser(poolId, 'disabled@example.com', verified('disabled@example.com'))
      await admin.send(
        new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'disabled@example.com' }),
      )
      await confirmedUser(poolId, 'noverified@example.com', [
        { Name: 'email', Value: 'noverified@example.com' },
        { Name: 'email_verified', Value: 'false' },
      ])
      await publicClient().send(
        new SignUpCommand({
          ClientId: strict,
          Username: 'pending@example.com',
          Password: PASSWORD,
        }),
      )
      for (const name of ['burst@example.com', 'srp-known@example.com'])
        await confirmedUser(poolId, name, verified(name))
    })

    const signIn = (clientId: string, USERNAME: string, password = 'Wrong-Password-1') =>
      publicCall('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME, PASSWORD: password },
      })
    const forgot = (Username: string) =>
      publicCall('ForgotPassword', { ClientId: strict, Username })
    const resend = (Username: string) =>
      publicCall('ResendConfirmationCode', { ClientId: strict, Username })
    const confirm = (Username: string) =>
      publicCall('ConfirmSignUp', { ClientId: strict, Username, ConfirmationCode: '000000' })

    it('answers a wrong password and an unknown address alike, in the JSON API and the admin flow', async () => {
      const known = await signIn(strict, 'victim@example.com')
      expect(known).toMatchObject({
        type: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      })
      expect(await signIn(strict, 'vanished@elsewhere.org')).toEqual(known)
      const adminAuth = (USERNAME: string) =>
        adminCall('AdminInitiateAuth', {
          UserPoolId: poolId,
          ClientId: strict,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME, PASSWORD: 'Wrong-Password-1' },
        })
      const adminKnown = await adminAuth('victim@example.com')
      expect(adminKnown.type).toBe('NotAuthorizedException')
      expect(await adminAuth('vanished@elsewhere.org')).toEqual(adminKnown)
    })

    it('gives an unknown address a reset code destination masked from the address itself', async () => {
      const known = await forgot('victim@example.com')
      expect(known.details).toEqual({
        Destination: 'v***@e***',
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      })
      expect(await forgot('vanished@elsewhere.org')).toEqual(known)
      expect(await forgot('Vanished@Elsewhere.org')).toEqual(known)
    })

    it('answers ForgotPassword for a disabled user and one without a verified address like an unknown one', async () => {
      expect(await forgot('disabled@example.com')).toEqual(await forgot('departed@elsewhere.org'))
      expect(await forgot('noverified@example.com')).toEqual(await forgot('nowhere@elsewhere.org'))
      expect((await forgot('nowhere@elsewhere.org')).details).toMatchObject({
        Destination: 'n***@e***',
      })
    })

    it('answers ResendConfirmationCode alike for a pending user, a confirmed one and unknown addresses', async () => {
      const pending = await resend('pending@example.com')
      expect(pending.details).toEqual({
        Destination: 'p***@e***',
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      })
      expect(await resend('phantom@elsewhere.org')).toEqual(pending)
      expect(await resend('victim@example.com')).toEqual(await resend('vanished@elsewhere.org'))
    })

    it('answers a wrong ConfirmSignUp code alike for a pending user, a confirmed one and unknown addresses', async () => {
      const pending = await confirm('pending@example.com')
      expect(pending.type).toBe('CodeMismatchException')
      expect(await confirm('phantom@elsewhere.org')).toEqual(pending)
      expect(await confirm('victim@example.com')).toEqual(pending)
    })

    it('keeps the Cognito answers for a LEGACY client', async () => {
      expect((await signIn(legacy, 'vanished@elsewhere.org')).type).toBe('UserNotFoundException')
      expect(
        (
          await publicCall('ForgotPassword', {
            ClientId: legacy,
            Username: 'vanished@elsewhere.org',
          })
        ).type,
      ).toBe('UserNotFoundException')
      expect(
        (
          await publicCall('ConfirmSignUp', {
            ClientId: legacy,
            Username: 'victim@example.com',
            ConfirmationCode: '000000',
          })
        ).type,
      ).toBe('NotAuthorizedException')
    })

    it('gives an unknown address a PASSWORD_VERIFIER challenge of the same form, and the same answer to its claim', async () => {
      const known = []
      const unknown = []
      for (let i = 0; i < 3; i++) {
        known.push(await srpSignIn(poolId, strict, 'srp-known@example.com', 'Wrong-Password-1'))
        unknown.push(await srpSignIn(poolId, strict, 'srp-ghost@example.com', 'Wrong-Password-1'))
      }
      const form = challengeForm(known[0]!)
      expect(form).toMatchObject({
        status: 200,
        challengeName: 'PASSWORD_VERIFIER',
        salt: true,
        srpB: true,
        sameIds: true,
        userIdForm: 'sub',
      })
      for (const challenge of [...known, ...unknown]) expect(challengeForm(challenge)).toEqual(form)
      const knownAnswer = await known[0]!.answer()
      expect(knownAnswer).toMatchObject({ message: 'Incorrect username or password.' })
      expect(await unknown[0]!.answer()).toEqual(knownAnswer)
    })

    it('locks an unknown address out like a known one under a burst of wrong passwords', async () => {
      const [known, unknown] = await Promise.all([
        Promise.all(Array.from({ length: 10 }, () => signIn(strict, 'burst@example.com'))),
        Promise.all(Array.from({ length: 10 }, () => signIn(strict, 'bygone@elsewhere.org'))),
      ])
      // Five wrong passwords, then the lockout: the same kinds of answer for both. (How many of
      // each depends on how long the burst takes: the first lockout lasts one second, and a
      // busy machine can spread ten requests over more than that, for either account.)
      expect(new Set(kinds(known))).toEqual(new Set(kinds(unknown)))
      expect(kinds(known).some((k) => k.includes('Password attempts exceeded'))).toBe(true)
    })

    it('answers bursts of ForgotPassword and ConfirmSignUp alike for known and unknown addresses', async () => {
      const [knownForgot, unknownForgot, knownConfirm, unknownConfirm] = await Promise.all([
        Promise.all(Array.from({ length: 10 }, () => forgot('victim@example.com'))),
        Promise.all(Array.from({ length: 10 }, () => forgot('vanished@elsewhere.org'))),
        Promise.all(Array.from({ length: 10 }, () => confirm('pending@example.com'))),
        Promise.all(Array.from({ length: 10 }, () => confirm('phantom@elsewhere.org'))),
      ])
      expect(kinds(knownForgot)).toEqual(kinds(unknownForgot))
      expect(kinds(knownConfirm)).toEqual(kinds(unknownConfirm))
    })
  })

  describe('a pool whose usernames are phone numbers', () => {
    let poolId: string
    let strict: string

    beforeAll(async () => {
      poolId = await createPool({
        UsernameAttributes: ['phone_number'],
        AutoVerifiedAttributes: ['phone_number'],
      })
      strict = (await createAppClient(poolId, { PreventUserExistenceErrors: 'ENABLED' })).clientId
      await confirmedUser(poolId, '+15551234567', [
        { Name: 'phone_number', Value: '+15551234567' },
        { Name: 'phone_number_verified', Value: 'true' },
      ])
    })

    it('masks an unknown number like a real one', async () => {
      const forgot = (Username: string) =>
        publicCall('ForgotPassword', { ClientId: strict, Username })
      const known = await forgot('+15551234567')
      expect(known.details).toEqual({
        Destination: '+*******4567',
        DeliveryMedium: 'SMS',
        AttributeName: 'phone_number',
      })
      expect(await forgot('+15559874567')).toEqual(known)
    })
  })

  describe('a pool of plain usernames', () => {
    let poolId: string
    let strict: string

    beforeAll(async () => {
      poolId = await createPool({
        UsernameConfiguration: { CaseSensitive: false },
        AutoVerifiedAttributes: ['email'],
      })
      strict = (await createAppClient(poolId, { PreventUserExistenceErrors: 'ENABLED' })).clientId
      for (const name of ['known-user', 'burst-user', 'form-user'])
        await confirmedUser(poolId, name, [
          { Name: 'email', Value: `${name}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ])
    })

    const signIn = (USERNAME: string) =>
      publicCall('InitiateAuth', {
        ClientId: strict,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME, PASSWORD: 'Wrong-Password-1' },
      })

    it('answers sign-in, SRP and ForgotPassword alike for a known and an unknown name', async () => {
      expect(await signIn('ghost-user')).toEqual(await signIn('known-user'))
      const known = await srpSignIn(poolId, strict, 'known-user', 'Wrong-Password-1')
      const unknown = await srpSignIn(poolId, strict, 'ghost-user', 'Wrong-Password-1')
      expect(challengeForm(unknown)).toEqual(challengeForm(known))
      expect(await unknown.answer()).toEqual(await known.answer())
      const forgotKnown = await publicCall('ForgotPassword', {
        ClientId: strict,
        Username: 'known-user',
      })
      const forgotUnknown = await publicCall('ForgotPassword', {
        ClientId: strict,
        Username: 'ghost-user',
      })
      // The real address is not known for a name that is not one: only the form can match.
      expect({ ...forgotUnknown, details: undefined }).toEqual({
        ...forgotKnown,
        details: undefined,
      })
      expect(forgotUnknown.details).toMatchObject({
        DeliveryMedium: 'EMAIL',
        AttributeName: 'email',
      })
      expect((forgotUnknown.details as { Destination: string }).Destination).toMatch(
        /^[a-z]\*\*\*@[a-z]\*\*\*$/,
      )
    })

    it('answers the hosted sign-in form alike for a known and an unknown name, under a burst too', async () => {
      const web = (
        await createAppClient(poolId, {
          PreventUserExistenceErrors: 'ENABLED',
          AllowedOAuthFlows: ['code'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthScopes: ['openid'],
          CallbackURLs: ['https://app.example/cb'],
        })
      ).clientId
      const params = {
        client_id: web,
        response_type: 'code',
        scope: 'openid',
        redirect_uri: 'https://app.example/cb',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      }
      const login = await fetch(`${endpoint()}/login?${new URLSearchParams(params)}`)
      const csrf = login.headers
        .getSetCookie()
        .find((c) => c.startsWith('__Host-pcl-csrf='))!
        .split(';')[0]!
      /** One form post: its status and which message the page shows. */
      const post = async (username: string) => {
        const response = await fetch(`${endpoint()}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            cookie: csrf,
            origin: endpoint(),
          },
          body: new URLSearchParams({
            ...params,
            _csrf: csrf.split('=')[1]!,
            username,
            password: 'Wrong-Password-1',
          }),
        })
        const html = await response.text()
        return `${response.status} ${
          html.includes('Too many failed attempts')
            ? 'locked'
            : html.includes('Incorrect username or password.')
              ? 'wrong'
              : html.slice(0, 200)
        }`
      }
      expect(await post('form-ghost')).toBe(await post('known-user'))
      const [known, unknown] = await Promise.all([
        Promise.all(Array.from({ length: 10 }, () => post('form-user'))),
        Promise.all(Array.from({ length: 10 }, () => post('form-bygone'))),
      ])
      // The same kinds of answer; how many of each a burst gets depends on how fast the machine
      // serves it against the one-second lockout (the counts are pinned with an injected clock in
      // test/unit/lockout.test.ts and enumeration-decoys.test.ts).
      expect(new Set(known)).toEqual(new Set(unknown))
      expect(known).toContain('400 locked')
    })

    it('locks an unknown name out like a known one, whatever its spelling', async () => {
      const [known, unknown] = await Promise.all([
        Promise.all(
          Array.from({ length: 10 }, (_, i) => signIn(i % 2 ? 'burst-user' : 'BURST-USER')),
        ),
        Promise.all(
          Array.from({ length: 10 }, (_, i) => signIn(i % 2 ? 'bygone-user' : 'BYGONE-USER')),
        ),
      ])
      // Kinds, not counts: see the hosted-form burst above.
      expect(new Set(kinds(known))).toEqual(new Set(kinds(unknown)))
      expect(kinds(known).some((k) => k.includes('Password attempts exceeded'))).toBe(true)
    })
  })
})
