import { list, parseInput, structure, string } from '../api/validation/shape'
import type { Runtime } from '../config'
import {
  InternalErrorException,
  InvalidParameterException,
  NotAuthorizedException,
} from '../errors/sync'
import { signatureValidity } from '../http/sigv4/signature-validity'
import { claimPushUrl } from '../sync/push/push-url-claims'
import { authorizeSyncCall } from './authorize'
import { DatasetName, IdentityId, IdentityPoolId } from './shapes'
import { verifySyncSignature } from './signature'

/** The push socket's path below the sync API's prefix: `…/identities/{IdentityId}/push`. */
const PUSH_PATH = /^\/identitypools\/([^/]+)\/identities\/([^/]+)\/push$/

/** At most this many datasets per socket: Cognito's datasets per identity. */
const MAX_DATASETS = 20

const PushSocketInput = structure(
  {
    IdentityPoolId,
    IdentityId,
    // Any printable ASCII, as a tag of the identity's object can hold it.
    DeviceId: string({ min: 1, max: 200, pattern: '[\\x21-\\x7e]+' }),
    Datasets: list(DatasetName, { min: 1, max: MAX_DATASETS }),
  },
  ['IdentityPoolId', 'IdentityId', 'DeviceId'],
)

/** Whether a path (below the prefix) is a push socket's. */
export const isPushSocketPath = (path: string): boolean => PUSH_PATH.test(path)

/**
 * Opens a device's push socket: `GET …/identitypools/{pool}/identities/{identity}/push
 * ?deviceId=…&datasets=a,b` (or `datasets=*`, the default: every dataset) as a WebSocket upgrade,
 * signed with SigV4 for `cognito-sync` by the identity's own credentials or an admin key: a
 * presigned URL, since a browser cannot set headers on a WebSocket. The session's role must allow
 * `cognito-sync:SubscribeToDataset` on each dataset named (on `dataset/*` for every dataset). A
 * signature opens one socket only: a URL used once is refused afterwards (it could have been
 * copied from a log or a proxy). The checked upgrade then goes to the identity's object.
 */
export async function openPushSocket(
  request: Request,
  url: URL,
  path: string,
  runtime: Runtime,
): Promise<Response> {
  const { services } = runtime
  if (request.method !== 'GET' || request.headers.get('upgrade')?.toLowerCase() !== 'websocket')
    throw new InvalidParameterException('A push socket is opened with a WebSocket upgrade (GET).')
  const signer = await verifySyncSignature(
    request,
    new Uint8Array(0),
    {
      adminKeys: runtime.adminKeys,
      services,
      region: services.region,
      now: services.now(),
    },
    true,
  )
  const [, pool = '', identity = ''] = PUSH_PATH.exec(path) ?? []
  const input = parseInput(
    PushSocketInput,
    {
      IdentityPoolId: decodeLabel(pool),
      IdentityId: decodeLabel(identity),
      DeviceId: url.searchParams.get('deviceId') ?? undefined,
      Datasets: datasetsOf(url.searchParams.get('datasets')),
    },
    (message) => new InvalidParameterException(message),
  )
  const datasets = input.Datasets ?? '*'
  for (const datasetName of datasets === '*' ? ['*'] : datasets)
    await authorizeSyncCall(
      services,
      signer,
      { name: 'SubscribeToDataset', access: 'identity' },
      { ...input, DatasetName: datasetName },
      { raw: request, url },
    )
  const { signature, validUntil } = signatureValidity({ url, headers: request.headers })
  if (!(await claimPushUrl(services, input.IdentityId, signature, validUntil)))
    throw new NotAuthorizedException('This push URL was used already; sign a new one.')
  if (!services.pushSockets)
    throw new InternalErrorException('Push sockets are not available on this deployment.')
  return services.pushSockets.accept(input.IdentityId, request, {
    deviceId: input.DeviceId,
    datasets,
  })
}

/** A path label, decoded once as the SDK encodes it; a broken escape is a bad parameter. */
function decodeLabel(label: string): string {
  try {
    return decodeURIComponent(label)
  } catch {
    throw new InvalidParameterException('The request path holds a malformed escape.')
  }
}

/** `datasets`: `*` (or absent) for every dataset (undefined), else names separated by commas. */
function datasetsOf(parameter: string | null): string[] | undefined {
  if (parameter === null || parameter === '*') return undefined
  return [...new Set(parameter.split(','))]
}
