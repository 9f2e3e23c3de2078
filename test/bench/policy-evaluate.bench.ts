import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { bench, describe } from 'vitest'
import { evaluatePolicies, parsePolicyDocument } from '../../src/iam/policy'

// Policy evaluation per request on its own: the demo's signed-in role policy (Amplify's storage
// policy, parsed once as the S3 front caches it) against a JSON.parse of the same document and an
// evaluation with no policies at all.
const bootstrap = JSON.parse(readFileSync(join(process.cwd(), 'portcullis.bootstrap.json'), 'utf8'))
const role = bootstrap.iam.roles.find(
  (r: { RoleName: string }) => r.RoleName === 'demo-authenticated',
)
const text = JSON.stringify(role.InlinePolicies['amplify-storage'])
const amplify = { identityPolicies: [parsePolicyDocument(text)] }
const sub = 'us-east-1:6f1c7f0e-8d2a-4c5b-9e3f-0a1b2c3d4e5f'
const context = {
  'cognito-identity.amazonaws.com:sub': sub,
  'cognito-identity.amazonaws.com:aud': 'us-east-1:0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5',
  'cognito-identity.amazonaws.com:amr': ['authenticated', 'cognito-idp'],
  'aws:SourceIp': '127.0.0.1',
  'aws:SecureTransport': 'false',
}
const bucket = 'arn:aws:s3:::portcullis-demo'
const requests = {
  publicRead: { action: 's3:GetObject', resource: `${bucket}/public/hello.txt`, context },
  privateWrite: { action: 's3:PutObject', resource: `${bucket}/private/${sub}/a.txt`, context },
  list: {
    action: 's3:ListBucket',
    resource: bucket,
    context: { ...context, 's3:prefix': `private/${sub}/` },
  },
  deniedWrite: {
    action: 's3:PutObject',
    resource: `${bucket}/protected/someone-else/a.txt`,
    context,
  },
}
for (const [name, request] of Object.entries(requests)) {
  const expected = name === 'deniedWrite' ? 'ImplicitDeny' : 'Allow'
  const { decision } = evaluatePolicies(amplify, request)
  if (decision !== expected) throw new Error(`${name}: ${decision}, expected ${expected}`)
}

describe('policy evaluation (Amplify storage policy, signed-in role)', () => {
  const options = { time: 1000, warmupTime: 200 }
  bench(
    'baseline: JSON.parse of the same document',
    () => {
      JSON.parse(text)
    },
    options,
  )
  bench(
    'baseline: evaluatePolicies with no policies',
    () => {
      evaluatePolicies({ identityPolicies: [] }, requests.publicRead)
    },
    options,
  )
  bench(
    'GetObject public/ (allowed, 1st statement)',
    () => {
      evaluatePolicies(amplify, requests.publicRead)
    },
    options,
  )
  bench(
    'PutObject private/{identity id}/ (allowed, policy variable)',
    () => {
      evaluatePolicies(amplify, requests.privateWrite)
    },
    options,
  )
  bench(
    'ListBucket with s3:prefix (allowed, condition)',
    () => {
      evaluatePolicies(amplify, requests.list)
    },
    options,
  )
  bench(
    "PutObject another's protected/ (implicit deny)",
    () => {
      evaluatePolicies(amplify, requests.deniedWrite)
    },
    options,
  )
  bench(
    'parse + evaluate GetObject (no document cache)',
    () => {
      evaluatePolicies({ identityPolicies: [parsePolicyDocument(text)] }, requests.publicRead)
    },
    options,
  )
})
