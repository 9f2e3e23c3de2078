import { NodeSha256 } from './unit/support/node-sha256'
import { SignatureV4 } from '@smithy/signature-v4'

/** Credentials a push URL is signed with: an identity's session credentials, or an admin key. */
export interface PushSigner {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/**
 * A SigV4-presigned push socket URL (`cognito-sync`, us-east-1), as a browser client would make
 * one with the AWS signer: `GET {endpoint}/identitypools/{pool}/identities/{identity}/push
 * ?deviceId=…&datasets=…`, the identity id encoded in the path as the SDK encodes labels.
 */
export async function presignPushUrl(options: {
  endpoint: string
  identityPoolId: string
  identityId: string
  deviceId: string
  datasets?: string
  credentials: PushSigner
  signingDate?: Date
  expiresIn?: number
}): Promise<string> {
  const base = new URL(options.endpoint)
  const path = `${base.pathname.replace(/\/$/, '')}/identitypools/${encodeURIComponent(options.identityPoolId)}/identities/${encodeURIComponent(options.identityId)}/push`
  const query: Record<string, string> = { deviceId: options.deviceId }
  if (options.datasets !== undefined) query.datasets = options.datasets
  const signer = new SignatureV4({
    service: 'cognito-sync',
    region: 'us-east-1',
    credentials: options.credentials,
    sha256: NodeSha256,
  })
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: base.protocol,
      hostname: base.hostname,
      ...(base.port ? { port: Number(base.port) } : {}),
      path,
      query,
      headers: { host: base.host },
    },
    {
      expiresIn: options.expiresIn ?? 300,
      ...(options.signingDate ? { signingDate: options.signingDate } : {}),
    },
  )
  const url = new URL(`${base.protocol}//${base.host}${path}`)
  for (const [name, value] of Object.entries(signed.query ?? {}))
    url.searchParams.set(name, String(value))
  return url.toString()
}
