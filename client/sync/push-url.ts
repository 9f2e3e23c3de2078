import type { CognitoSyncClient } from '@aws-sdk/client-cognito-sync'
import { SignatureV4 } from '@smithy/signature-v4'

/** What a push socket subscribes to. */
export interface PushUrlOptions {
  identityPoolId: string
  identityId: string
  /** The device's id: the server skips this device for its own writes (UpdateRecords' DeviceId). */
  deviceId: string
  /** Up to 20 dataset names; every dataset (`*`) by default. */
  datasets?: string[]
  /** How long the URL may wait before it is used, in seconds (default 300); it opens one socket. */
  expiresIn?: number
}

/**
 * The push socket's URL, `{endpoint}/identitypools/{pool}/identities/{identity}/push?deviceId=…
 * &datasets=…`, presigned with SigV4 for `cognito-sync` by the SDK client's own region,
 * credentials and hash (a browser cannot set headers on a WebSocket), as `ws:`/`wss:`.
 * The path labels are encoded as the SDK encodes them, and the signer encodes them again for
 * the canonical request, as the SDK does for the sync API's other calls.
 */
export async function presignPushUrl(
  client: CognitoSyncClient,
  endpoint: string,
  options: PushUrlOptions,
): Promise<string> {
  const base = new URL(endpoint)
  const path = `${base.pathname.replace(/\/$/, '')}/identitypools/${encodeURIComponent(options.identityPoolId)}/identities/${encodeURIComponent(options.identityId)}/push`
  const query: Record<string, string> = { deviceId: options.deviceId }
  if (options.datasets) query.datasets = options.datasets.join(',')
  const signer = new SignatureV4({
    service: 'cognito-sync',
    region: await client.config.region(),
    credentials: client.config.credentials,
    sha256: client.config.sha256,
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
    { expiresIn: options.expiresIn ?? 300 },
  )
  const url = new URL(`${base.protocol === 'https:' ? 'wss:' : 'ws:'}//${base.host}${path}`)
  for (const [name, value] of Object.entries(signed.query ?? {}))
    url.searchParams.set(name, String(value))
  return url.toString()
}
