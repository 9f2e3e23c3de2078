import type { TargetTable } from '../target'
import { accountTargets } from './account'
import { authTargets } from './auth'
import { brandingTargets } from './branding'
import { clientsTargets } from './clients'
import { deviceTargets } from './devices'
import { domainTargets } from './domains'
import { groupsTargets } from './groups'
import { identityProviderTargets } from './identity-providers'
import { importTargets } from './imports'
import { loggingTargets } from './logging'
import { mfaTargets } from './mfa'
import { passkeyTargets } from './passkeys'
import { poolsTargets } from './pools'
import { resourceServerTargets } from './resource-servers'
import { riskTargets } from './risk'
import { signupTargets } from './signup'
import { termsTargets } from './terms'
import { usersTargets } from './users'

/** Every implemented operation by name. */
export const targets: TargetTable = {
  ...poolsTargets,
  ...clientsTargets,
  ...usersTargets,
  ...groupsTargets,
  ...signupTargets,
  ...authTargets,
  ...accountTargets,
  ...mfaTargets,
  ...resourceServerTargets,
  ...domainTargets,
  ...identityProviderTargets,
  ...brandingTargets,
  ...riskTargets,
  ...deviceTargets,
  ...passkeyTargets,
  ...importTargets,
  ...termsTargets,
  ...loggingTargets,
}
