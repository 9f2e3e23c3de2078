import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListUserAuthEventsCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateAuthEventFeedbackCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  SetRiskConfigurationCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js'
import { createHash, randomBytes } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CookieJar, hostedLoginUrl, postLoginForm } from '../support/cookie-jar'
import { adminClient } from './support/clients'
import { startWorker, type RunningWorker } from './support/worker'

const PASSWORD = 'Adaptive-Auth-Pass-42'
/** In the simulated breach corpus, not on the shipped list: a password breached elsewhere. */
const LEAKED = 'Leaked-Elsewhere-Pass-77'

/** Cloudflare `cf` objects for places, sent as Miniflare's MF-CF-Blob header (it replaces `request.cf`). */
const PARIS = { country: 'FR', city: 'Paris', asn: 3215, latitude: '48.86', longitude: '2.35' }
/** Near enough to Paris (about 260 km) to be reached at once: new, not impossible. */
const BRUSSELS = {
  country: 'BE',
  city: 'Brussels',
  asn: 5432,
  latitude: '50.85',
  longitude: '4.35',
}
const SYDNEY = { country: 'AU', city: 'Sydney', asn: 1221, latitude: '-33.87', longitude: '151.21' }
type Place = typeof PARIS

const ACTIONS = {
  LowAction: { Notify: false, EventAction: 'NO_ACTION' as const },
  MediumAction: { Notify: false, EventAction: 'MFA_REQUIRED' as const },
  HighAction: { Notify: false, EventAction: 'BLOCK' as const },
}

/**
 * A simulated breach corpus in the shape of Have I Been Pwned's k-anonymity range API
 * (`GET /range/{first five hex of the SHA-1}` → `SUFFIX:COUNT` lines), on loopback.
 */
function simulatedRangeApi(passwords: string[]): Promise<{ server: Server; url: string }> {
  const hashes = passwords.map((p) => createHash('sha1').update(p).digest('hex').toUpperCase())
  const server = createServer((request, response) => {
    const prefix = (request.url ?? '').split('/').pop() ?? ''
    response.end(
      hashes
        .filter((h) => h.startsWith(prefix))
        .map((h) => `${h.slice(5)}:9`)
        .join('\r\n'),
    )
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/range`,
      }),
    ),
  )
}

/**
 * Threat protection against a running Worker with real clients: the AWS SDK (each request given a
 * place with MF-CF-Blob and an address with CF-Connecting-IP, as the edge would) and
 * amazon-cognito-identity-js with Portcullis's collector script loaded.
 */
describe('adaptive authentication and compromised credentials', () => {
  let worker: RunningWorker
  let corpus: Server

  beforeAll(async () => {
    const api = await simulatedRangeApi([LEAKED])
    corpus = api.server
    worker = await startWorker({ vars: { BREACH_CORPUS_RANGE_URL: api.url } })
  })
  afterAll(async () => {
    await worker?.stop()
    await new Promise<void>((resolve) => corpus.close(() => resolve()))
  })

  const admin = () => adminClient(worker)
  /** The SDK as a user at `place` from `ip` would reach the Worker through the edge. */
  const from = (place: Place, ip: string) => {
    const client = new CognitoIdentityProviderClient({
      endpoint: worker.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'unused-secret' },
      maxAttempts: 1,
    })
    client.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string> }
        request.headers['MF-CF-Blob'] = JSON.stringify(place)
        request.headers['CF-Connecting-IP'] = ip
        return next(args)
      },
      { step: 'build', name: 'edgePlace' },
    )
    return client
  }

  async function protectedPool(mode: 'AUDIT' | 'ENFORCED') {
    const poolId = (
      await admin().send(
        new CreateUserPoolCommand({
          PoolName: `adaptive-${mode}`,
          UserPoolAddOns: { AdvancedSecurityMode: mode },
          MfaConfiguration: 'OFF',
        }),
      )
    ).UserPool!.Id!
    const clientId = (
      await admin().send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: 'app',
          ExplicitAuthFlows: [
            'ALLOW_USER_PASSWORD_AUTH',
            'ALLOW_USER_SRP_AUTH',
            'ALLOW_REFRESH_TOKEN_AUTH',
          ],
        }),
      )
    ).UserPoolClient!.ClientId!
    await admin().send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        AccountTakeoverRiskConfiguration: { Actions: ACTIONS },
        CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } },
      }),
    )
    return { poolId, clientId }
  }
  async function addUser(poolId: string, Username: string, Password = PASSWORD) {
    await admin().send(
      new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }),
    )
    await admin().send(
      new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username, Password, Permanent: true }),
    )
  }
  const signIn = (clientId: string, place: Place, ip: string, username: string) =>
    from(place, ip).send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD },
      }),
    )
  const events = async (poolId: string, Username: string) =>
    (await admin().send(new AdminListUserAuthEventsCommand({ UserPoolId: poolId, Username })))
      .AuthEvents!

  it('honours the MF-CF-Blob header: the place it names is where the Worker sees the sign-in', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT')
    await addUser(poolId, 'blob')
    await signIn(clientId, { ...PARIS, country: 'NZ', city: 'Auckland' }, '192.0.2.44', 'blob')
    expect((await events(poolId, 'blob'))[0]!.EventContextData).toMatchObject({
      Country: 'NZ',
      City: 'Auckland',
      IpAddress: '192.0.2.44',
    })
  })

  describe('ENFORCED', () => {
    let poolId: string
    let clientId: string
    beforeAll(async () => {
      ;({ poolId, clientId } = await protectedPool('ENFORCED'))
    })

    it('steps a sign-in from a new country up to MFA', async () => {
      await addUser(poolId, 'stepper')
      expect(
        (await signIn(clientId, PARIS, '192.0.2.10', 'stepper')).AuthenticationResult,
      ).toBeTruthy()
      const stepped = await signIn(clientId, BRUSSELS, '198.51.100.7', 'stepper')
      expect(stepped.AuthenticationResult).toBeUndefined()
      expect(stepped.ChallengeName).toBe('MFA_SETUP')
      expect((await events(poolId, 'stepper'))[0]).toMatchObject({
        EventResponse: 'InProgress',
        EventRisk: { RiskDecision: 'AccountTakeover', RiskLevel: 'Medium' },
      })
    })

    it('blocks impossible travel, and Valid feedback makes the next one pass', async () => {
      await addUser(poolId, 'traveller')
      await signIn(clientId, PARIS, '192.0.2.10', 'traveller')
      await expect(signIn(clientId, SYDNEY, '203.0.113.5', 'traveller')).rejects.toMatchObject({
        name: 'NotAuthorizedException',
        message: 'Unable to login because of security reasons.',
      })
      const [blocked] = await events(poolId, 'traveller')
      expect(blocked).toMatchObject({
        EventResponse: 'Fail',
        EventRisk: { RiskDecision: 'Block', RiskLevel: 'High' },
        EventContextData: { Country: 'AU' },
      })
      await admin().send(
        new AdminUpdateAuthEventFeedbackCommand({
          UserPoolId: poolId,
          Username: 'traveller',
          EventId: blocked!.EventId!,
          FeedbackValue: 'Valid',
        }),
      )
      const passed = await signIn(clientId, SYDNEY, '203.0.113.5', 'traveller')
      expect(passed.AuthenticationResult?.AccessToken).toBeTruthy()
      const [latest] = await events(poolId, 'traveller')
      const claims = JSON.parse(
        Buffer.from(passed.AuthenticationResult!.IdToken!.split('.')[1]!, 'base64url').toString(),
      ) as { event_id: string }
      expect(claims.event_id).toBe(latest!.EventId)
    })

    it("gives the hosted UI's tokens the event of its sign-in, through the code and a refresh", async () => {
      await addUser(poolId, 'hosted')
      const redirect = 'https://rp.example/cb'
      const hostedId = (
        await admin().send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'hosted',
            AllowedOAuthFlows: ['code'],
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthScopes: ['openid'],
            CallbackURLs: [redirect],
            SupportedIdentityProviders: ['COGNITO'],
          }),
        )
      ).UserPoolClient!.ClientId!
      // A browser in Paris: every request reaches the Worker with that place and address.
      const jar = new CookieJar((url, init) => {
        const headers = new Headers(init.headers)
        headers.set('MF-CF-Blob', JSON.stringify(PARIS))
        headers.set('CF-Connecting-IP', '192.0.2.10')
        return fetch(url, { ...init, headers })
      })
      const verifier = randomBytes(32).toString('base64url')
      const login = await hostedLoginUrl(jar, worker.endpoint, {
        client_id: hostedId,
        response_type: 'code',
        redirect_uri: redirect,
        scope: 'openid',
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
      })
      const signedIn = await postLoginForm(jar, login.toString(), 'hosted', PASSWORD)
      expect(signedIn.status).toBe(303)
      const token = async (fields: Record<string, string>) => {
        const answer = await fetch(`${worker.endpoint}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ client_id: hostedId, ...fields }).toString(),
        })
        expect(answer.status).toBe(200)
        return (await answer.json()) as { id_token: string; refresh_token?: string }
      }
      const tokens = await token({
        grant_type: 'authorization_code',
        code: new URL(signedIn.headers.get('location')!).searchParams.get('code')!,
        redirect_uri: redirect,
        code_verifier: verifier,
      })
      const eventIdOf = (jwt: string) =>
        (
          JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as {
            event_id: string
          }
        ).event_id
      const [event] = await events(poolId, 'hosted')
      expect(event).toMatchObject({ EventType: 'SignIn', EventResponse: 'Pass' })
      expect(eventIdOf(tokens.id_token)).toBe(event!.EventId)
      const refreshed = await token({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token!,
      })
      expect(eventIdOf(refreshed.id_token)).toBe(event!.EventId)
    })

    it('refuses a password breached elsewhere at sign-up, and makes its holder RESET_REQUIRED at sign-in', async () => {
      // A user who chose the password before the pool watched for compromised credentials.
      const pool = (
        await admin().send(
          new CreateUserPoolCommand({ PoolName: 'compromised', MfaConfiguration: 'OFF' }),
        )
      ).UserPool!.Id!
      const app = (
        await admin().send(
          new CreateUserPoolClientCommand({
            UserPoolId: pool,
            ClientName: 'app',
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'],
          }),
        )
      ).UserPoolClient!.ClientId!
      await addUser(pool, 'early', LEAKED)
      await admin().send(
        new UpdateUserPoolCommand({
          UserPoolId: pool,
          UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
        }),
      )
      await admin().send(
        new SetRiskConfigurationCommand({
          UserPoolId: pool,
          CompromisedCredentialsRiskConfiguration: {
            EventFilter: ['SIGN_IN', 'SIGN_UP', 'PASSWORD_CHANGE'],
            Actions: { EventAction: 'BLOCK' },
          },
        }),
      )
      await expect(
        from(PARIS, '192.0.2.10').send(
          new SignUpCommand({ ClientId: app, Username: 'late', Password: LEAKED }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidPasswordException' })
      const jsPool = new CognitoUserPool({
        UserPoolId: pool,
        ClientId: app,
        endpoint: worker.endpoint,
      })
      const jsError = await new Promise<Error>((resolve) =>
        jsPool.signUp('late-js', LEAKED, [], [], (error) => resolve(error as Error)),
      )
      expect(jsError).toMatchObject({ code: 'InvalidPasswordException' })
      await expect(
        from(PARIS, '192.0.2.10').send(
          new InitiateAuthCommand({
            ClientId: app,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: 'early', PASSWORD: LEAKED },
          }),
        ),
      ).rejects.toMatchObject({ name: 'PasswordResetRequiredException' })
      const user = await admin().send(
        new AdminGetUserCommand({ UserPoolId: pool, Username: 'early' }),
      )
      expect(user.UserStatus).toBe('RESET_REQUIRED')
    })
  })

  it('AUDIT records impossible travel as High and lets it through', async () => {
    const { poolId, clientId } = await protectedPool('AUDIT')
    await addUser(poolId, 'audited')
    await signIn(clientId, PARIS, '192.0.2.10', 'audited')
    const travelled = await signIn(clientId, SYDNEY, '203.0.113.5', 'audited')
    expect(travelled.AuthenticationResult?.AccessToken).toBeTruthy()
    expect((await events(poolId, 'audited'))[0]).toMatchObject({
      EventResponse: 'Pass',
      EventRisk: { RiskDecision: 'NoRisk', RiskLevel: 'High' },
    })
  })

  it('takes the collector script into amazon-cognito-identity-js, whose SRP sign-in carries its context data', async () => {
    const { poolId, clientId } = await protectedPool('ENFORCED')
    await addUser(poolId, 'jsuser')
    const script = await (await fetch(`${worker.endpoint}/_ui/advanced-security-data.js`)).text()
    new Function(script)()
    expect(
      typeof (globalThis as { AmazonCognitoAdvancedSecurityData?: unknown })
        .AmazonCognitoAdvancedSecurityData,
    ).toBe('object')
    try {
      const pool = new CognitoUserPool({
        UserPoolId: poolId,
        ClientId: clientId,
        endpoint: worker.endpoint,
      })
      const user = new CognitoUser({ Username: 'jsuser', Pool: pool })
      const session = await new Promise<CognitoUserSession>((resolve, reject) =>
        user.authenticateUser(
          new AuthenticationDetails({ Username: 'jsuser', Password: PASSWORD }),
          {
            onSuccess: resolve,
            onFailure: reject,
          },
        ),
      )
      const [event] = await events(poolId, 'jsuser')
      expect(session.getIdToken().decodePayload().event_id).toBe(event!.EventId)
      expect(event).toMatchObject({
        EventResponse: 'Pass',
        EventContextData: { Timezone: Intl.DateTimeFormat().resolvedOptions().timeZone },
      })
    } finally {
      delete (globalThis as { AmazonCognitoAdvancedSecurityData?: unknown })
        .AmazonCognitoAdvancedSecurityData
    }
  })
})
