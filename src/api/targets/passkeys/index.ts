import type { TargetTable } from '../../target'
import { completeWebAuthnRegistration } from './complete-web-authn-registration'
import { deleteWebAuthnCredential } from './delete-web-authn-credential'
import { listWebAuthnCredentials } from './list-web-authn-credentials'
import { startWebAuthnRegistration } from './start-web-authn-registration'

/** A signed-in user's passkeys (WebAuthn credentials). */
export const passkeyTargets: TargetTable = {
  StartWebAuthnRegistration: startWebAuthnRegistration,
  CompleteWebAuthnRegistration: completeWebAuthnRegistration,
  ListWebAuthnCredentials: listWebAuthnCredentials,
  DeleteWebAuthnCredential: deleteWebAuthnCredential,
}
