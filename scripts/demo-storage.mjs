// The demo's storage and trigger functions for `npm start`: a local R2 bucket (Miniflare's, persisted with the
// rest of the state) bound as DEMO_BUCKET and served by the S3 front at /s3/ on the app host, seeded
// with public/hello.txt, and the instructions for reaching it with identity-pool credentials.
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const DEMO_BUCKET_BINDING = 'DEMO_BUCKET'
export const DEMO_TRIGGERS_BINDING = 'DEMO_TRIGGERS'
/** The demo pool's pre token generation ARN (portcullis.bootstrap.json) and the method it reaches. */
export const DEMO_TRIGGER_TARGETS = {
  'arn:aws:lambda:us-east-1:000000000000:function:portcullis-demo-pre-token': {
    service: DEMO_TRIGGERS_BINDING,
    method: 'preTokenGeneration',
  },
}
export const HELLO_KEY = 'public/hello.txt'
const HELLO_TEXT = 'Hello from Portcullis: this object sits in public/ of the demo bucket.\n'

/**
 * wrangler.toml plus the demo bucket's R2 binding, written under `home`. The deployable
 * configuration stays free of a bucket only the demo uses; `main` points back at the checkout.
 */
export function demoWranglerConfig(root, home) {
  const base = readFileSync(join(root, 'wrangler.toml'), 'utf8').replace(
    /^main\s*=\s*"([^"]+)"/m,
    (_, main) => `main = ${JSON.stringify(join(root, main))}`,
  )
  const file = join(home, '.portcullis', 'wrangler.demo.toml')
  mkdirSync(join(home, '.portcullis'), { recursive: true })
  writeFileSync(
    file,
    `# Written by npm start from wrangler.toml: the same Worker with the demo bucket bound.\n${base}
[[r2_buckets]]
binding = "${DEMO_BUCKET_BINDING}"
bucket_name = "portcullis-demo"

# The demo's trigger functions (examples/trigger-functions), run in the same wrangler dev.
[[services]]
binding = "${DEMO_TRIGGERS_BINDING}"
service = "portcullis-demo-triggers"
entrypoint = "DemoTriggers"
`,
  )
  return file
}

/** The S3 front route of the bootstrap's gateway table, if it declares one. */
export function demoS3Route(gatewayConfig) {
  return gatewayConfig?.routes.find((route) => route.origin === `s3:${DEMO_BUCKET_BINDING}`)
}

/** Puts public/hello.txt in the demo bucket through the S3 front (admin keys) unless it is there. */
export async function seedDemoBucket({ s3Endpoint, bucket, region, accessKeyId, secretAccessKey }) {
  const s3 = new S3Client({
    endpoint: s3Endpoint,
    forcePathStyle: true,
    region,
    credentials: { accessKeyId, secretAccessKey },
  })
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: HELLO_KEY }))
    return false
  } catch (error) {
    if (error.$metadata?.httpStatusCode !== 404) throw error
  }
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: HELLO_KEY,
      Body: HELLO_TEXT,
      ContentType: 'text/plain',
    }),
  )
  return true
}

/** What `npm start` prints about the demo identity pool: its id, an AWS CLI sequence, an SDK snippet. */
export function identityPoolUsage({
  endpoint,
  s3Endpoint,
  region,
  identityPool,
  bucket,
  userPool,
}) {
  const { IdentityPoolId, roles = {} } = identityPool
  const provider = `cognito-idp.${region}.amazonaws.com/${userPool.UserPoolId}`
  return `  identity pool       ${IdentityPoolId}  (guests allowed)
  roles               ${roles.authenticated ?? '(none)'}
                      ${roles.unauthenticated ?? '(none)'}
  S3 front            ${s3Endpoint}  bucket ${bucket} (local R2), ${HELLO_KEY} seeded
  sync API            ${endpoint}/sync  (each identity syncs its own datasets)

AWS CLI, guest credentials from the identity pool, then S3 with them (bash):
  export AWS_DEFAULT_REGION=${region} AWS_REGION=${region}
  IDENTITY_ID=$(aws cognito-identity get-id --identity-pool-id ${IdentityPoolId} --query IdentityId --output text --endpoint-url ${endpoint})
  read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN < <(aws cognito-identity get-credentials-for-identity --identity-id "$IDENTITY_ID" --query 'Credentials.[AccessKeyId,SecretKey,SessionToken]' --output text --endpoint-url ${endpoint})
  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN
  aws s3 cp s3://${bucket}/${HELLO_KEY} - --endpoint-url ${s3Endpoint}
  (signed in: add --logins ${provider}=ID_TOKEN to both cognito-identity calls)

AWS SDK for JavaScript v3 (@aws-sdk/credential-providers, @aws-sdk/client-s3):
  const credentials = fromCognitoIdentityPool({ identityPoolId: '${IdentityPoolId}',
    // logins: { '${provider}': idToken },  // signed in: the demo-authenticated role
    clientConfig: { region: '${region}', endpoint: '${endpoint}' } })
  const s3 = new S3Client({ region: '${region}', endpoint: '${s3Endpoint}', forcePathStyle: true, credentials })
  const hello = await s3.send(new GetObjectCommand({ Bucket: '${bucket}', Key: '${HELLO_KEY}' }))
  console.log(await hello.Body.transformToString())

Cognito Sync with the same guest (@aws-sdk/client-cognito-sync; the sync client: README "Sync"):
  const sync = new CognitoSyncClient({ region: '${region}', endpoint: '${endpoint}/sync', credentials })
  const ref = { IdentityPoolId: '${IdentityPoolId}', IdentityId: (await credentials()).identityId, DatasetName: 'notes' }
  const { SyncSessionToken } = await sync.send(new ListRecordsCommand(ref))
  const put = await sync.send(new UpdateRecordsCommand({ ...ref, SyncSessionToken,
    RecordPatches: [{ Op: 'replace', Key: 'greeting', Value: 'hello', SyncCount: 0 }] }))
  console.log(put.Records[0].Key, put.Records[0].SyncCount)
`
}
