import type { TargetTable } from '../../target'
import { adminDisableProviderForUser } from './admin-disable-provider-for-user'
import { adminLinkProviderForUser } from './admin-link-provider-for-user'
import { createIdentityProvider } from './create-identity-provider'
import { deleteIdentityProvider } from './delete-identity-provider'
import { describeIdentityProvider } from './describe-identity-provider'
import { getIdentityProviderByIdentifier } from './get-identity-provider-by-identifier'
import { listIdentityProviders } from './list-identity-providers'
import { updateIdentityProvider } from './update-identity-provider'

/** Federated identity providers (OIDC). */
export const identityProviderTargets: TargetTable = {
  CreateIdentityProvider: createIdentityProvider,
  DescribeIdentityProvider: describeIdentityProvider,
  UpdateIdentityProvider: updateIdentityProvider,
  DeleteIdentityProvider: deleteIdentityProvider,
  ListIdentityProviders: listIdentityProviders,
  GetIdentityProviderByIdentifier: getIdentityProviderByIdentifier,
  AdminLinkProviderForUser: adminLinkProviderForUser,
  AdminDisableProviderForUser: adminDisableProviderForUser,
}
