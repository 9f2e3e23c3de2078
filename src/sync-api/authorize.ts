import { NotAuthorizedException } from '../errors/sync'
import type { CredentialCaller, CredentialServices } from '../http/sigv4/credential-lookup'
import { requestConditions } from '../http/sigv4/request-conditions'
import { authorizeSession } from '../iam/sessions/session-policy'
import { syncResourceArn } from '../sync/arns'
import type { SyncCaller } from '../sync/model'
import type { AnySyncOperation } from './operation'

/** The members of an input that say what a request acts on. */
interface Target {
  IdentityPoolId?: string
  IdentityId?: string
  DatasetName?: string
}

/**
 * Whether the signer may call `operation` on what `input` names. Admin keys may do everything.
 * Session credentials may call only identity operations, only on their own identity of their own
 * pool (whatever their role's policies say: a policy cannot open another identity's data), and
 * only as their role's policies allow `cognito-sync:{Operation}` on the identity's or dataset's
 * ARN, evaluated with the identity-pool session's condition keys.
 */
export async function authorizeSyncCall(
  services: CredentialServices & { region: string },
  caller: CredentialCaller,
  operation: Pick<AnySyncOperation, 'name' | 'access'>,
  input: Target,
  request: { raw: Request; url: URL },
): Promise<SyncCaller> {
  if (caller.kind === 'admin') return { kind: 'admin', accessKeyId: caller.accessKeyId }
  const { session } = caller
  if (operation.access === 'admin')
    throw new NotAuthorizedException(
      `${operation.name} can only be called with developer credentials.`,
    )
  if (
    input.IdentityId === undefined ||
    input.IdentityPoolId === undefined ||
    session.identityId !== input.IdentityId ||
    session.identityPoolId !== input.IdentityPoolId
  )
    throw new NotAuthorizedException(`Access to Identity '${input.IdentityId ?? ''}' is forbidden.`)
  const resource = syncResourceArn(services.region, {
    identityPoolId: input.IdentityPoolId,
    identityId: input.IdentityId,
    ...(input.DatasetName === undefined ? {} : { datasetName: input.DatasetName }),
  })
  const decision = await authorizeSession(services, session, {
    action: `cognito-sync:${operation.name}`,
    resource,
    context: requestConditions(request.raw, request.url, services.now()),
  })
  if (!decision.allowed) throw new NotAuthorizedException(decision.message)
  return { kind: 'identity', identityId: session.identityId }
}
