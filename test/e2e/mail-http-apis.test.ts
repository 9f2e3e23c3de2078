import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type SimulatedDeliveryApi,
  simulatedMailApi,
  simulatedTwilioApi,
} from './support/simulated-delivery-apis'
import { type RunningWorker, startWorker } from './support/worker'

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`
const AUTH_TOKEN = randomBytes(16).toString('hex')
const MAIL_KEY = `re_${randomBytes(16).toString('hex')}`

/**
 * Email through a simulated mail API of Resend's shape and SMS through a simulated Twilio
 * Messages API, each a local server of that provider's shape.
 */
describe('codes through HTTP delivery APIs (simulated Resend-shaped mail API, simulated Twilio)', () => {
  let mailApi: SimulatedDeliveryApi
  let twilio: SimulatedDeliveryApi
  let worker: RunningWorker
  let wrongKeys: RunningWorker

  const sdk = (on: RunningWorker) =>
    new CognitoIdentityProviderClient({
      endpoint: on.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: on.accessKeyId, secretAccessKey: on.secretAccessKey },
      maxAttempts: 1,
    })

  async function pool(on: RunningWorker, input: Partial<CreateUserPoolCommandInput>) {
    const poolId = (await sdk(on).send(new CreateUserPoolCommand({ PoolName: 'apis', ...input })))
      .UserPool!.Id!
    const clientId = (
      await sdk(on).send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c' }))
    ).UserPoolClient!.ClientId!
    return { poolId, clientId }
  }

  beforeAll(async () => {
    mailApi = await simulatedMailApi(MAIL_KEY)
    twilio = await simulatedTwilioApi(ACCOUNT_SID, AUTH_TOKEN)
    const vars = {
      EMAIL_SENDER: 'http',
      EMAIL_FROM: 'Portcullis <no-reply@portcullis.example>',
      MAIL_API_URL: mailApi.base,
      SMS_SENDER: 'twilio',
      TWILIO_API_URL: twilio.base,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_FROM: '+15005550006',
    }
    ;[worker, wrongKeys] = await Promise.all([
      startWorker({ vars: { ...vars, MAIL_API_KEY: MAIL_KEY, TWILIO_AUTH_TOKEN: AUTH_TOKEN } }),
      startWorker({
        vars: { ...vars, MAIL_API_KEY: `re_${'x'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'y'.repeat(32) },
      }),
    ])
  })

  afterAll(async () => {
    await Promise.all([worker?.stop(), wrongKeys?.stop()])
    await Promise.all([mailApi?.close(), twilio?.close()])
  })

  it('POSTs the SignUp code to the mail API as JSON with the bearer key', async () => {
    const { clientId } = await pool(worker, { AutoVerifiedAttributes: ['email'] })
    await sdk(worker).send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'api-mail',
        Password: 'Api-Pass-12345',
        UserAttributes: [{ Name: 'email', Value: 'api.mail@example.org' }],
      }),
    )
    const request = mailApi.requests.at(-1)!
    expect(request).toMatchObject({ method: 'POST', path: '/emails' })
    expect(request.headers.authorization).toBe(`Bearer ${MAIL_KEY}`)
    expect(request.headers['content-type']).toBe('application/json')
    const email = JSON.parse(request.body)
    expect(email).toEqual({
      from: '"Portcullis" <no-reply@portcullis.example>',
      to: ['api.mail@example.org'],
      subject: 'Your verification code',
      text: expect.stringMatching(/^Your verification code is \d{6}\.$/),
    })
    const code = /(\d{6})/.exec(email.text)![1]
    await expect(
      sdk(worker).send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: 'api-mail',
          ConfirmationCode: code,
        }),
      ),
    ).resolves.toBeDefined()
  })

  it('POSTs the SignUp code for a phone number to the Messages API, form-encoded with basic auth', async () => {
    const { clientId } = await pool(worker, { AutoVerifiedAttributes: ['phone_number'] })
    const answer = await sdk(worker).send(
      new SignUpCommand({
        ClientId: clientId,
        Username: 'api-sms',
        Password: 'Api-Pass-12345',
        UserAttributes: [{ Name: 'phone_number', Value: '+15551230987' }],
      }),
    )
    expect(answer.CodeDeliveryDetails).toMatchObject({ DeliveryMedium: 'SMS' })
    const request = twilio.requests.at(-1)!
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
    })
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded')
    const form = Object.fromEntries(new URLSearchParams(request.body))
    expect(form).toEqual({
      To: '+15551230987',
      From: '+15005550006',
      Body: expect.stringMatching(/^Your verification code is \d{6}\.$/),
    })
    await expect(
      sdk(worker).send(
        new ConfirmSignUpCommand({
          ClientId: clientId,
          Username: 'api-sms',
          ConfirmationCode: /(\d{6})/.exec(form.Body!)![1],
        }),
      ),
    ).resolves.toBeDefined()
  })

  it('turns refused keys into CodeDeliveryFailureException, with no key in the log', async () => {
    const email = await pool(wrongKeys, { AutoVerifiedAttributes: ['email'] })
    const sms = await pool(wrongKeys, { AutoVerifiedAttributes: ['phone_number'] })
    const signUp = (clientId: string, attribute: { Name: string; Value: string }) =>
      sdk(wrongKeys).send(
        new SignUpCommand({
          ClientId: clientId,
          Username: `u${randomBytes(3).toString('hex')}`,
          Password: 'Api-Pass-12345',
          UserAttributes: [attribute],
        }),
      )
    await expect(
      signUp(email.clientId, { Name: 'email', Value: 'nobody@example.org' }),
    ).rejects.toMatchObject({ name: 'CodeDeliveryFailureException' })
    await expect(
      signUp(sms.clientId, { Name: 'phone_number', Value: '+15551230000' }),
    ).rejects.toMatchObject({ name: 'CodeDeliveryFailureException' })
    expect(mailApi.requests.at(-1)!.headers.authorization).toBe(`Bearer re_${'x'.repeat(32)}`)
    expect(wrongKeys.log()).not.toContain('x'.repeat(32))
    expect(wrongKeys.log()).not.toContain('y'.repeat(32))
  })
})
