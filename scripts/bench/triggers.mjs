// Trigger phases of `npm run bench`, on one workerd run through Miniflare: the same sign-in and
// refresh on two pools of one Portcullis, one with a pre token generation trigger (V2_0) in a second
// Worker reached over a service binding, one without, measured interleaved.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider'
import { benchPoolAndUser, interleaved, startPortcullis } from './runtime.mjs'

const PASSWORD = 'Bench-Password-1!'
const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:bench-pre-token'

const cognitoCall = (endpoint, operation, body) => () =>
  fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    },
    body: JSON.stringify(body),
  })

/** A pool (with `LambdaConfig` when given) and its user; the sign-in and refresh requests. */
async function poolFor(idp, endpoint, name, LambdaConfig) {
  const { ClientId } = await benchPoolAndUser(idp, { name, password: PASSWORD, LambdaConfig })
  const signIn = cognitoCall(endpoint, 'InitiateAuth', {
    ClientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'bench', PASSWORD },
  })
  const first = await (await signIn()).json()
  if (!first.AuthenticationResult)
    throw new Error(`bench set-up: ${JSON.stringify(first).slice(0, 300)}`)
  const refresh = cognitoCall(endpoint, 'InitiateAuth', {
    ClientId,
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: first.AuthenticationResult.RefreshToken },
  })
  return { signIn, refresh, idToken: first.AuthenticationResult.IdToken }
}

const claimsOf = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString())

/** Runs the trigger phases with the bench's `phaseOn`; returns the result rows and summary lines. */
export async function triggerPhases({ root, phaseOn, phaseSeconds, workerdPidsNow, extraVars }) {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-triggers-'))
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
      TRIGGER_TARGETS: JSON.stringify({
        [ARN]: { service: 'BENCH_TRIGGERS', method: 'preTokenGeneration' },
      }),
    },
    workerdPidsNow,
    {
      portcullis: {
        serviceBindings: {
          BENCH_TRIGGERS: { name: 'bench-triggers', entrypoint: 'BenchTriggers' },
        },
      },
      others: [
        {
          name: 'bench-triggers',
          modules: true,
          scriptPath: join(root, 'scripts', 'bench', 'pre-token-worker.mjs'),
        },
      ],
    },
  )
  try {
    const idp = new CognitoIdentityProviderClient({
      endpoint: runtime.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId, secretAccessKey },
    })
    const plain = await poolFor(idp, runtime.endpoint, 'bench-plain')
    const triggered = await poolFor(idp, runtime.endpoint, 'bench-trigger', {
      PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: ARN },
    })
    // The trigger must really run, or the comparison is of two plain pools.
    if (claimsOf(triggered.idToken)['bench:tier'] !== 'gold')
      throw new Error('bench set-up: the pre token generation trigger did not add its claim')
    for (let i = 0; i < 10; i++)
      for (const call of [plain.refresh, triggered.refresh]) await (await call()).arrayBuffer()
    const results = [
      ...(await interleaved(phaseOn, runtime.pids, phaseSeconds, [
        ['sign-in, no trigger', plain.signIn],
        ['sign-in, pre-token trigger (binding)', triggered.signIn],
      ])),
      ...(await interleaved(phaseOn, runtime.pids, phaseSeconds, [
        ['refresh, no trigger', plain.refresh],
        ['refresh, pre-token trigger (binding)', triggered.refresh],
      ])),
    ]
    const [signIn, signInTriggered, refresh, refreshTriggered] = results
    const line = (label, base, other) =>
      `${label}: with a pre token generation trigger over a service binding ${(other.perSecond / base.perSecond).toFixed(2)}x the requests/s without, +${(other.cpuMsPerRequest - base.cpuMsPerRequest).toFixed(2)} ms CPU and +${(other.p50ms - base.p50ms).toFixed(2)} ms p50 per request.`
    return {
      results,
      summary: [
        line('Sign-in', signIn, signInTriggered),
        line('Refresh', refresh, refreshTriggered),
      ],
      ratios: {
        signInWithTriggerVsWithout: signInTriggered.perSecond / signIn.perSecond,
        refreshWithTriggerVsWithout: refreshTriggered.perSecond / refresh.perSecond,
      },
    }
  } finally {
    await runtime.stop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}
