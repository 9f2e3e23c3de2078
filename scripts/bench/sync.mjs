// Sync phases of `npm run bench`, on one workerd run through Miniflare: Portcullis (the bundle
// `wrangler deploy` would upload) and a plain Worker whose one Durable Object stores a record in
// SQLite, reads its records and broadcasts over hibernatable WebSockets
// (scripts/bench/do-baseline-worker.mjs): the least a sync object can do.
//
//   UpdateRecords, one identity: four writers, each on its own dataset of the same identity
//   (one identity object), each request signed with the identity's session credentials,
//   against the plain object storing the same record
//   ListRecords of a 20-record dataset against the plain object answering its records
//   push latency: from sending UpdateRecords on one device to the other device's socket receiving
//   the notification, against the plain object's store-then-broadcast
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity'
import {
  CognitoSyncClient,
  ListRecordsCommand,
  UpdateRecordsCommand,
} from '@aws-sdk/client-cognito-sync'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { SignatureV4 } from '@smithy/signature-v4'
import { WebSocket } from 'ws'
import { interleaved, Sha256, startPortcullis } from './runtime.mjs'

const REGION = 'us-east-1'
const WRITERS = 4
const LISTED_RECORDS = 20
const PUSH_SAMPLES = Number(process.env.BENCH_PUSH_SAMPLES ?? 60)

/** Portcullis and the baseline object in one Miniflare; returns their URLs and the workerd pids. */
function startRuntime(root, dir, vars, workerdPidsNow) {
  return startPortcullis(root, dir, vars, workerdPidsNow, {
    others: [
      {
        name: 'do-baseline',
        modules: true,
        scriptPath: join(root, 'scripts', 'bench', 'do-baseline-worker.mjs'),
        durableObjects: { BASELINE: { className: 'BaselineObject', useSQLite: true } },
        unsafeDirectSockets: [{ host: '127.0.0.1', port: 0 }],
      },
    ],
    direct: 'do-baseline',
  })
}

/** An identity pool whose guests may sync their own identity's datasets; a guest's credentials. */
async function setUp(runtime, admin) {
  const config = { endpoint: runtime.endpoint, region: REGION, credentials: admin }
  const identity = new CognitoIdentityClient(config)
  const { IdentityPoolId } = await identity.send(
    new CreateIdentityPoolCommand({
      IdentityPoolName: 'bench_sync',
      AllowUnauthenticatedIdentities: true,
    }),
  )
  const iam = new IAMClient(config)
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: 'bench-sync-guest',
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: 'cognito-identity.amazonaws.com' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringEquals: { 'cognito-identity.amazonaws.com:aud': IdentityPoolId } },
          },
        ],
      }),
    }),
  )
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: 'bench-sync-guest',
      PolicyName: 'own-datasets',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'cognito-sync:*',
            Resource:
              // biome-ignore lint/suspicious/noTemplateCurlyInString: IAM policy variables, not JS
              'arn:aws:cognito-sync:*:*:identitypool/${cognito-identity.amazonaws.com:aud}/identity/${cognito-identity.amazonaws.com:sub}/*',
          },
        ],
      }),
    }),
  )
  await identity.send(
    new SetIdentityPoolRolesCommand({ IdentityPoolId, Roles: { unauthenticated: Role.Arn } }),
  )
  const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId }))
  const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId }))
  return {
    IdentityPoolId,
    IdentityId,
    credentials: {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretKey,
      sessionToken: Credentials.SessionToken,
    },
  }
}

/**
 * Signs one sync API request as the SDK does (SigV4 for cognito-sync, the canonical URI encoded
 * twice, so an identity id's `:` is `%253A` there); returns what fetch takes.
 */
async function signed(endpoint, credentials, method, path, query, body) {
  const url = new URL(`${endpoint}${path}`)
  const signer = new SignatureV4({
    service: 'cognito-sync',
    region: REGION,
    sha256: Sha256,
    credentials,
  })
  const request = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: url.pathname,
    query,
    headers: {
      host: url.host,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body }),
  })
  const { host: _host, ...headers } = request.headers
  const search = new URLSearchParams(query).toString()
  return [`${url.origin}${url.pathname}${search ? `?${search}` : ''}`, { method, headers, body }]
}

const datasetPath = (setup, dataset) =>
  `/identitypools/${encodeURIComponent(setup.IdentityPoolId)}/identities/${encodeURIComponent(setup.IdentityId)}/datasets/${dataset}`

/**
 * Runs the sync phases with `phaseOn(name, pids, concurrency, makeRequest, seconds)` from the
 * bench; returns the result rows, the summary lines and the ratios.
 */
export async function syncPhases({ root, phaseOn, phaseSeconds, workerdPidsNow, extraVars }) {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-sync-'))
  const accessKeyId = `AKIA${randomBytes(8).toString('hex').toUpperCase()}`
  const secretAccessKey = randomBytes(30).toString('base64url').slice(0, 40)
  const runtime = await startRuntime(
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
    const setup = await setUp(runtime, { accessKeyId, secretAccessKey })
    const sync = new CognitoSyncClient({
      endpoint: runtime.endpoint,
      region: REGION,
      credentials: setup.credentials,
    })
    const ref = { IdentityPoolId: setup.IdentityPoolId, IdentityId: setup.IdentityId }
    // Each writer keeps its own dataset of the identity, and the sync count of its one record.
    const writers = []
    for (let i = 0; i < WRITERS; i++) {
      const DatasetName = `writer-${i}`
      const { SyncSessionToken } = await sync.send(new ListRecordsCommand({ ...ref, DatasetName }))
      writers.push({ DatasetName, SyncSessionToken, syncCount: 0, busy: false })
    }
    let sequence = 0
    const updateRecords = async (chosen) => {
      const writer = chosen ?? writers.find((w) => !w.busy)
      writer.busy = true
      try {
        const body = JSON.stringify({
          SyncSessionToken: writer.SyncSessionToken,
          RecordPatches: [
            { Op: 'replace', Key: 'score', Value: String(sequence++), SyncCount: writer.syncCount },
          ],
        })
        const [url, init] = await signed(
          runtime.endpoint,
          setup.credentials,
          'POST',
          datasetPath(setup, writer.DatasetName),
          {},
          body,
        )
        const response = await fetch(url, init)
        const text = await response.text()
        if (response.ok) writer.syncCount = JSON.parse(text).Records[0].SyncCount
        return new Response(text, { status: response.status })
      } finally {
        writer.busy = false
      }
    }
    const plainWrite = () =>
      fetch(`${runtime.directEndpoint}/write`, {
        method: 'POST',
        body: JSON.stringify({ Key: 'score', Value: String(sequence++) }),
      })

    // A 20-record dataset, listed whole (LastSyncCount 0) by one signed request reused all phase.
    const listed = await sync.send(new ListRecordsCommand({ ...ref, DatasetName: 'listed' }))
    await sync.send(
      new UpdateRecordsCommand({
        ...ref,
        DatasetName: 'listed',
        SyncSessionToken: listed.SyncSessionToken,
        RecordPatches: Array.from({ length: LISTED_RECORDS }, (_, i) => ({
          Op: 'replace',
          Key: `key-${i}`,
          Value: 'v'.repeat(40),
          SyncCount: 0,
        })),
      }),
    )
    for (let i = 0; i < LISTED_RECORDS; i++)
      await fetch(`${runtime.directEndpoint}/write`, { method: 'POST', body: 'v'.repeat(40) })
    const listRequest = await signed(
      runtime.endpoint,
      setup.credentials,
      'GET',
      `${datasetPath(setup, 'listed')}/records`,
      { lastSyncCount: '0' },
    )
    const listRecords = () => fetch(...listRequest)
    const plainRead = () => fetch(`${runtime.directEndpoint}/read`)

    // Each writer's first write creates its dataset (datasets are created one at a time).
    for (const writer of writers) await (await updateRecords(writer)).text()
    for (const check of [() => updateRecords(), plainWrite, listRecords, plainRead]) {
      const response = await check()
      if (!response.ok)
        throw new Error(`bench set-up: ${response.status} ${(await response.text()).slice(0, 300)}`)
      await response.arrayBuffer()
    }
    for (let i = 0; i < 20; i++)
      for (const call of [() => updateRecords(), plainWrite, listRecords, plainRead])
        await (await call()).arrayBuffer()

    const results = [
      ...(await interleaved(phaseOn, runtime.pids, phaseSeconds, [
        ['sync: plain DO write (baseline)', plainWrite],
        [`UpdateRecords, ${WRITERS} datasets, 1 identity`, () => updateRecords()],
      ])),
      ...(await interleaved(phaseOn, runtime.pids, phaseSeconds, [
        ['sync: plain DO read (baseline)', plainRead],
        [`ListRecords, ${LISTED_RECORDS} records`, listRecords],
      ])),
    ]
    const [plainWritePhase, updatePhase, plainReadPhase, listPhase] = results
    const summary = [
      `UpdateRecords on one identity: ${updatePhase.perSecond.toFixed(0)}/s, ${(updatePhase.perSecond / plainWritePhase.perSecond).toFixed(2)}x a plain Durable Object's write; +${(updatePhase.cpuMsPerRequest - plainWritePhase.cpuMsPerRequest).toFixed(2)} ms CPU per request.`,
      `ListRecords (${LISTED_RECORDS} records): ${listPhase.perSecond.toFixed(0)}/s, ${(listPhase.perSecond / plainReadPhase.perSecond).toFixed(2)}x a plain Durable Object's read; +${(listPhase.cpuMsPerRequest - plainReadPhase.cpuMsPerRequest).toFixed(2)} ms CPU per request.`,
    ]
    const ratios = {
      updateRecordsVsPlainWrite: updatePhase.perSecond / plainWritePhase.perSecond,
      listRecordsVsPlainRead: listPhase.perSecond / plainReadPhase.perSecond,
    }
    const push = await pushLatency(runtime, setup, sync)
    summary.push(push.summary)
    ratios.pushVsPlainBroadcast = push.ratio
    return { results, summary, ratios }
  } finally {
    await runtime.stop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Median of a list of numbers. */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/**
 * Push latency, one sample at a time: the time from sending a write to the other socket's
 * message, through Portcullis (UpdateRecords on one device, the push socket of another) and
 * through the plain object (POST /broadcast, its socket), interleaved sample by sample.
 */
async function pushLatency(runtime, setup, sync) {
  const socketUrl = await pushSocketUrl(runtime, setup)
  const ours = await openSocket(socketUrl)
  const plain = await openSocket(`${runtime.directEndpoint.replace(/^http/, 'ws')}/socket`)
  const ref = { IdentityPoolId: setup.IdentityPoolId, IdentityId: setup.IdentityId }
  const { SyncSessionToken } = await sync.send(
    new ListRecordsCommand({ ...ref, DatasetName: 'pushed' }),
  )
  let syncCount = 0
  const samples = { ours: [], plain: [] }
  for (let i = 0; i < PUSH_SAMPLES; i++) {
    let started = performance.now()
    const heard = ours.next()
    const answer = await sync.send(
      new UpdateRecordsCommand({
        ...ref,
        DatasetName: 'pushed',
        DeviceId: 'bench-writer',
        SyncSessionToken,
        RecordPatches: [{ Op: 'replace', Key: 'level', Value: String(i), SyncCount: syncCount }],
      }),
    )
    syncCount = answer.Records[0].SyncCount
    await heard
    samples.ours.push(performance.now() - started)
    started = performance.now()
    const broadcast = plain.next()
    await (
      await fetch(`${runtime.directEndpoint}/broadcast`, { method: 'POST', body: String(i) })
    ).text()
    await broadcast
    samples.plain.push(performance.now() - started)
  }
  ours.close()
  plain.close()
  const [p50, plainP50] = [median(samples.ours), median(samples.plain)]
  return {
    ratio: p50 / plainP50,
    summary: `Push: a change on one device reaches another's socket in ${p50.toFixed(2)} ms (median of ${PUSH_SAMPLES}, write included), ${(p50 / plainP50).toFixed(2)}x a plain Durable Object's store-then-broadcast (${plainP50.toFixed(2)} ms).`,
  }
}

/** A socket whose messages are awaited one at a time with `next()`. */
function openSocket(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url)
    const waiting = []
    socket.addEventListener('message', () => waiting.shift()?.())
    socket.addEventListener('error', () => reject(new Error(`socket ${url} failed`)))
    socket.addEventListener('open', () =>
      resolve({
        next: () => new Promise((heard) => waiting.push(heard)),
        close: () => socket.close(),
      }),
    )
  })
}

/** The presigned URL of the identity's push socket for dataset `pushed`, as a second device. */
async function pushSocketUrl(runtime, setup) {
  const url = new URL(
    `${runtime.endpoint}/identitypools/${encodeURIComponent(setup.IdentityPoolId)}/identities/${encodeURIComponent(setup.IdentityId)}/push`,
  )
  const signer = new SignatureV4({
    service: 'cognito-sync',
    region: REGION,
    sha256: Sha256,
    credentials: setup.credentials,
  })
  const presigned = await signer.presign(
    {
      method: 'GET',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      headers: { host: url.host },
      query: { deviceId: 'bench-listener', datasets: 'pushed' },
    },
    { expiresIn: 300 },
  )
  return `ws://${url.host}${url.pathname}?${new URLSearchParams(presigned.query)}`
}
