// Threat-protection phases of `npm run bench`, on one workerd run through Miniflare, interleaved:
// the same sign-in on two pools of one Portcullis, one with threat protection ENFORCED (each
// sign-in assessed against the user's history and recorded as an event), one with it OFF.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CognitoIdentityProviderClient,
  SetRiskConfigurationCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { benchPoolAndUser, interleaved, startPortcullis } from './runtime.mjs'

const PASSWORD = 'Bench-Password-1!'
/** Paris, as Miniflare's MF-CF-Blob header hands it to the Worker in `request.cf`. */
const PLACE = JSON.stringify({
  country: 'FR',
  city: 'Paris',
  asn: 3215,
  latitude: '48.86',
  longitude: '2.35',
})

let counter = 0
/** A new private address per request: each sign-in comes from somewhere else in the same city and network. */
const freshAddress = () => {
  counter++
  return `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`
}

const cognitoCall =
  (endpoint, operation, body, address = freshAddress) =>
  () =>
    fetch(`${endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
        'cf-connecting-ip': address(),
        'mf-cf-blob': PLACE,
      },
      body: JSON.stringify(body),
    })

/** Runs the threat-protection phases with the bench's `phaseOn`; returns rows, summary lines and ratios. */
export async function riskPhases({ root, phaseOn, phaseSeconds, workerdPidsNow, extraVars }) {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-risk-'))
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`
  const secretAccessKey = randomBytes(30).toString('base64url').slice(0, 40)
  const runtime = await startPortcullis(
    root,
    dir,
    {
      ...extraVars,
      ADMIN_KEYS: `${accessKeyId}:${secretAccessKey}`,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PASSWORD_PEPPER: randomBytes(32).toString('hex'),
    },
    workerdPidsNow,
  )
  try {
    const idp = new CognitoIdentityProviderClient({
      endpoint: runtime.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId, secretAccessKey },
    })
    const off = await benchPoolAndUser(idp, { name: 'bench-risk-off', password: PASSWORD })
    const on = await benchPoolAndUser(idp, { name: 'bench-risk-on', password: PASSWORD })
    await idp.send(
      new UpdateUserPoolCommand({
        UserPoolId: on.UserPoolId,
        UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
      }),
    )
    // Every level answered NO_ACTION: each sign-in is assessed, recorded and let through.
    const none = { Notify: false, EventAction: 'NO_ACTION' }
    await idp.send(
      new SetRiskConfigurationCommand({
        UserPoolId: on.UserPoolId,
        AccountTakeoverRiskConfiguration: {
          Actions: { LowAction: none, MediumAction: none, HighAction: none },
        },
      }),
    )
    const signIn = ({ ClientId }, address) =>
      cognitoCall(
        runtime.endpoint,
        'InitiateAuth',
        {
          ClientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: 'bench', PASSWORD },
        },
        address,
      )
    for (const call of [signIn(off), signIn(on)]) {
      const answer = await (await call()).json()
      if (!answer.AuthenticationResult)
        throw new Error(`bench set-up: ${JSON.stringify(answer).slice(0, 300)}`)
    }
    const results = [
      ...(await interleaved(phaseOn, runtime.pids, phaseSeconds, [
        ['sign-in, threat protection OFF', signIn(off)],
        ['sign-in, threat protection ENFORCED', signIn(on)],
      ])),
    ]
    const [signInOff, signInOn] = results
    return {
      results,
      summary: [
        `Sign-in with threat protection ENFORCED: ${(signInOn.perSecond / signInOff.perSecond).toFixed(2)}x the requests/s with it OFF, +${(signInOn.cpuMsPerRequest - signInOff.cpuMsPerRequest).toFixed(2)} ms CPU and +${(signInOn.p50ms - signInOff.p50ms).toFixed(2)} ms p50 per sign-in.`,
      ],
      ratios: {
        signInThreatProtectionOnVsOff: signInOn.perSecond / signInOff.perSecond,
      },
    }
  } finally {
    await runtime.stop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}
