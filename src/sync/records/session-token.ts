import { InvalidParameterException } from '../../errors/sync'
import { randomString } from '../../crypto/random'
import type { SyncServices } from '../services'

/**
 * The SyncSessionToken ListRecords hands out and UpdateRecords requires: a session id, the
 * identity and dataset, and when it was issued, sealed (nothing is stored) with the identity and
 * dataset as associated data, so it opens for that identity's dataset alone. It proves that the
 * writer pulled before pushing, as Cognito's clients always do; the sync counts in the patches,
 * not the token, decide conflicts.
 */

const PURPOSE = 'sync-session-token'
/** How long a sync session lasts: far more than a pull followed by a push takes. */
const LIFETIME_MS = 3_600_000

interface SessionBody {
  session: string
  identityId: string
  datasetName: string
  issuedAt: number
}

const binding = (identityId: string, datasetName: string) =>
  JSON.stringify([identityId, datasetName])

/** A new sync session for one identity's dataset. */
export function issueSyncSessionToken(
  services: SyncServices,
  identityId: string,
  datasetName: string,
): Promise<string> {
  const body: SessionBody = {
    session: randomString(16, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    identityId,
    datasetName,
    issuedAt: services.now(),
  }
  return services.sealer.seal(PURPOSE, body, binding(identityId, datasetName))
}

/**
 * Checks a SyncSessionToken: sealed by us, for this identity and dataset, and not expired;
 * InvalidParameterException otherwise.
 */
export async function checkSyncSessionToken(
  services: SyncServices,
  identityId: string,
  datasetName: string,
  token: string,
): Promise<void> {
  const body = await services.sealer.open<SessionBody>(
    PURPOSE,
    token,
    binding(identityId, datasetName),
  )
  if (
    !body ||
    body.identityId !== identityId ||
    body.datasetName !== datasetName ||
    typeof body.issuedAt !== 'number'
  )
    throw new InvalidParameterException('The SyncSessionToken is not valid for this dataset.')
  if (body.issuedAt + LIFETIME_MS < services.now())
    throw new InvalidParameterException('The SyncSessionToken has expired.')
}
