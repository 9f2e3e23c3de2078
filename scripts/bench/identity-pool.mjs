// Identity-pool phases of `npm run bench`, on one workerd run through Miniflare: Portcullis (the
// bundle `wrangler deploy` would upload) and a plain Worker that only does `env.BUCKET.get(key)`,
// both bound to the same local R2 bucket, so they read the same object on the same runtime.
//
//   GetId, GetCredentialsForIdentity (guest and signed in)   against GET /health on the same Worker
//   S3 GetObject through the SigV4 front with identity-pool session credentials (guest role, the
//   demo's Amplify storage policy) against the plain Worker reading the same 1 KiB object
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { SignatureV4 } from '@smithy/signature-v4'
import { withIdentityPoolIds } from '../bootstrap-identity.mjs'
import { benchPoolAndUser, interleaved, Sha256, startPortcullis } from './runtime.mjs'

const REGION = 'us-east-1'
const BUCKET = 'portcullis-demo'
const KEY = 'public/hello.txt'
const PASSWORD = 'Bench-Password-1!'

/** Portcullis and the plain R2 reader in one Miniflare; returns their URLs and the workerd pids. */
function startRuntime(root, dir, vars, workerdPidsNow) {
  return startPortcullis(root, dir, vars, workerdPidsNow, {
    portcullis: { r2Buckets: { BENCH_BUCKET: 'portcullis-bench' } },
    others: [
      {
        name: 'r2-read',
        modules: true,
        scriptPath: join(root, 'scripts', 'bench', 'r2-read-worker.mjs'),
        r2Buckets: { BUCKET: 'portcullis-bench' },
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      },
    ],
    direct: 'r2-read',
  })
}

const identityCall = (endpoint, operation, body) => () =>
  fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityService.${operation}`,
    },
    body: JSON.stringify(body),
  })

/**
 * The demo's user pool, identity pool and Amplify-policy roles (as portcullis.bootstrap.json
 * declares them), created on `runtime`; returns what the phases need.
 */
async function setUp(root, runtime, admin) {
  const config = {
    endpoint: runtime.endpoint,
    region: REGION,
    credentials: admin,
  }
  const idp = new CognitoIdentityProviderClient(config)
  const { UserPoolId, ClientId } = await benchPoolAndUser(idp, {
    name: 'bench',
    password: PASSWORD,
  })
  const idToken = (
    await idp.send(
      new InitiateAuthCommand({
        ClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'bench', PASSWORD },
      }),
    )
  ).AuthenticationResult.IdToken
  const provider = `cognito-idp.${REGION}.amazonaws.com/${UserPoolId}`
  const cognitoIdentity = new CognitoIdentityClient(config)
  const { IdentityPoolId } = await cognitoIdentity.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: 'portcullis_demo',
      AllowUnauthenticatedIdentities: true,
      CognitoIdentityProviders: [{ ProviderName: provider, ClientId }],
    }),
  )
  const declared = withIdentityPoolIds(
    JSON.parse(readFileSync(join(root, 'portcullis.bootstrap.json'), 'utf8')).iam,
    { portcullis_demo: { IdentityPoolId } },
  )
  const iam = new IAMClient(config)
  const arns = {}
  for (const role of declared.roles) {
    arns[role.RoleName] = (
      await iam.send(
        new CreateRoleCommand({
          RoleName: role.RoleName,
          AssumeRolePolicyDocument: JSON.stringify(role.AssumeRolePolicyDocument),
        }),
      )
    ).Role.Arn
    for (const [PolicyName, document] of Object.entries(role.InlinePolicies ?? {}))
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: role.RoleName,
          PolicyName,
          PolicyDocument: JSON.stringify(document),
        }),
      )
  }
  await cognitoIdentity.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId,
      Roles: { authenticated: arns['demo-authenticated'], unauthenticated: arns['demo-guest'] },
    }),
  )
  const getId = async (body) =>
    (await (await identityCall(runtime.endpoint, 'GetId', body)()).json()).IdentityId
  const guestId = await getId({ IdentityPoolId })
  const logins = { [provider]: idToken }
  const userId = await getId({ IdentityPoolId, Logins: logins })
  const guestCredentials = (
    await (
      await identityCall(runtime.endpoint, 'GetCredentialsForIdentity', { IdentityId: guestId })()
    ).json()
  ).Credentials
  const body = Buffer.from('x'.repeat(1024))
  await new S3Client({
    endpoint: `${runtime.appEndpoint}/s3`,
    forcePathStyle: true,
    region: REGION,
    credentials: admin,
  }).send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: body }))
  return { IdentityPoolId, logins, guestId, userId, guestCredentials }
}

/**
 * One signed GetObject request for the S3 front, reused for every request of the phase (S3 takes
 * a signed request again within its 15-minute window), so the load generator does the same work
 * (a plain fetch) on both sides of the comparison while the front verifies it every time.
 */
async function signedGetObject(appEndpoint, credentials) {
  const url = new URL(`${appEndpoint}/s3/${BUCKET}/${KEY}`)
  const signer = new SignatureV4({
    service: 's3',
    region: REGION,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
    credentials: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretKey,
      sessionToken: credentials.SessionToken,
    },
  })
  const signed = await signer.sign({
    method: 'GET',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query: {},
    headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  })
  const { host: _host, ...headers } = signed.headers
  return { url: url.toString(), headers }
}

/**
 * Runs the identity-pool phases with `phaseOn(name, pids, concurrency, makeRequest, seconds)` from the
 * bench; returns the result rows and the summary lines.
 */
export async function identityPoolPhases({
  root,
  phaseOn,
  phaseSeconds,
  workerdPidsNow,
  extraVars,
}) {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-identity-'))
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`
  const secretAccessKey = randomBytes(30).toString('base64url').slice(0, 40)
  const gatewayConfig = {
    routes: [
      {
        path: '/s3/*',
        origin: 's3:BENCH_BUCKET',
        bucket: BUCKET,
        authorization: 'aws_iam',
      },
    ],
  }
  const runtime = await startRuntime(
    root,
    dir,
    {
      ...extraVars,
      ADMIN_KEYS: `${accessKeyId}:${secretAccessKey}`,
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      PASSWORD_PEPPER: randomBytes(32).toString('hex'),
      GATEWAY_CONFIG: JSON.stringify(gatewayConfig),
    },
    workerdPidsNow,
  )
  try {
    const setup = await setUp(root, runtime, { accessKeyId, secretAccessKey })
    const { endpoint } = runtime
    const getId = identityCall(endpoint, 'GetId', {
      IdentityPoolId: setup.IdentityPoolId,
      Logins: setup.logins,
    })
    const guestCredentials = identityCall(endpoint, 'GetCredentialsForIdentity', {
      IdentityId: setup.guestId,
    })
    const userCredentials = identityCall(endpoint, 'GetCredentialsForIdentity', {
      IdentityId: setup.userId,
      Logins: setup.logins,
    })
    const signed = await signedGetObject(runtime.appEndpoint, setup.guestCredentials)
    const s3Get = () => fetch(signed.url, { headers: signed.headers })
    const plainGet = () => fetch(`${runtime.directEndpoint}/${KEY}`)
    for (const check of [getId, guestCredentials, userCredentials, s3Get, plainGet]) {
      const response = await check()
      if (!response.ok)
        throw new Error(`bench set-up: ${response.status} ${(await response.text()).slice(0, 300)}`)
      await response.arrayBuffer()
    }
    // Warm-up: imports, key caches, the JIT.
    for (let i = 0; i < 20; i++)
      for (const call of [getId, guestCredentials, userCredentials, s3Get, plainGet])
        await (await call()).arrayBuffer()

    const results = [
      ...(await interleaved(phaseOn, runtime.pids, phaseSeconds, [
        ['identity: GET /health (baseline)', () => fetch(`${endpoint}/health`)],
        ['GetId (signed in)', getId],
        ['GetCredentialsForIdentity (guest)', guestCredentials],
        ['GetCredentialsForIdentity (signed in)', userCredentials],
      ])),
      ...(await interleaved(phaseOn, runtime.pids, phaseSeconds, [
        ['R2 read: plain Worker', plainGet],
        ['R2 read: S3 front, SigV4 session', s3Get],
      ])),
    ]
    const [health, ids, guest, user, plain, front] = results
    const summary = [
      `GetCredentialsForIdentity: guest ${guest.perSecond.toFixed(0)}/s (${(guest.perSecond / health.perSecond).toFixed(2)}x GET /health, ${(guest.perSecond / ids.perSecond).toFixed(2)}x GetId), signed in ${user.perSecond.toFixed(0)}/s (${(user.perSecond / health.perSecond).toFixed(2)}x GET /health, ${(user.perSecond / ids.perSecond).toFixed(2)}x GetId).`,
      `S3 GetObject through the SigV4 front: ${(front.perSecond / plain.perSecond).toFixed(2)}x a plain Worker's R2 read of the same object; +${(front.cpuMsPerRequest - plain.cpuMsPerRequest).toFixed(2)} ms CPU per request.`,
    ]
    return {
      results,
      summary,
      ratios: {
        guestCredentialsVsHealth: guest.perSecond / health.perSecond,
        guestCredentialsVsGetId: guest.perSecond / ids.perSecond,
        userCredentialsVsHealth: user.perSecond / health.perSecond,
        userCredentialsVsGetId: user.perSecond / ids.perSecond,
        s3FrontVsPlainR2: front.perSecond / plain.perSecond,
      },
    }
  } finally {
    await runtime.stop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}
