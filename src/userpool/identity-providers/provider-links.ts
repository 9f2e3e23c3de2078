import { InvalidParameterException, ResourceNotFoundException } from '../../errors/cognito'
import { getFederatedUser, getUserByUsername, requireUser } from '../store/directory'
import { deleteUser, saveChange, updateUser, withFreshUser } from '../store/users'
import { claimProviderLink, dropProviderLink, identitiesOf } from '../store/links'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { findIdentityProvider } from './identity-providers'

/** Cognito's ProviderUserIdentifierType. */
export interface ProviderUser {
  ProviderName?: string
  ProviderAttributeName?: string
  ProviderAttributeValue?: string
}

/** `identities` of a user with one identity more (or one fewer), as the attribute stores it. */
function withIdentity(
  user: UserRecord,
  now: number,
  identity: { providerName: string; subject: string } | null,
  without?: { providerName: string; subject: string },
): string {
  const others = identitiesOf(user).filter(
    (i) =>
      !(without && i.providerName === without.providerName && i.userId === without.subject) &&
      !(identity && i.providerName === identity.providerName && i.userId === identity.subject),
  )
  const next = identity
    ? [
        ...others,
        {
          userId: identity.subject,
          providerName: identity.providerName,
          providerType: 'OIDC',
          issuer: null,
          primary: 'false',
          dateCreated: String(now),
        },
      ]
    : others
  return JSON.stringify(next)
}

/**
 * AdminLinkProviderForUser: the federated identity SourceUser (provider, `Cognito_Subject`, its
 * `sub`) signs in from now on as DestinationUser, an existing user of this pool (`Cognito`,
 * username). As in Cognito, the identity must not have signed in on its own already.
 */
export async function linkProviderForUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  destination: ProviderUser,
  source: ProviderUser,
): Promise<void> {
  if (destination.ProviderName !== 'Cognito' || !destination.ProviderAttributeValue)
    throw new InvalidParameterException(
      'DestinationUser must be a user of the pool: ProviderName Cognito and the username as ProviderAttributeValue.',
    )
  if (!source.ProviderName || source.ProviderName === 'Cognito' || !source.ProviderAttributeValue)
    throw new InvalidParameterException(
      "SourceUser must name an identity provider and the user's subject.",
    )
  if (
    source.ProviderAttributeName !== undefined &&
    source.ProviderAttributeName !== 'Cognito_Subject'
  )
    throw new InvalidParameterException(
      'Only ProviderAttributeName Cognito_Subject is supported for OIDC providers.',
    )
  if (!(await findIdentityProvider(services, pool, source.ProviderName)))
    throw new ResourceNotFoundException(`Identity provider ${source.ProviderName} does not exist.`)
  const subject = source.ProviderAttributeValue
  if (await getFederatedUser(services, pool, `${source.ProviderName}_${subject}`)) {
    throw new InvalidParameterException(
      'Merging is not currently supported, provided SourceUser is already exists in the pool.',
    )
  }
  const target = await requireUser(services, pool, destination.ProviderAttributeValue)
  const providerName = source.ProviderName
  await claimProviderLink(services, pool, providerName, subject, target.user.username)
  try {
    await withFreshUser(services, pool, target.user.username, (found) =>
      saveChange(services, pool, found, (user) => ({
        ...user,
        attributes: {
          ...user.attributes,
          identities: withIdentity(user, services.now(), { providerName, subject }),
        },
      })),
    )
  } catch (error) {
    // The user went (or never took the identity): the link must not outlive it.
    await dropProviderLink(services, pool, providerName, subject)
    throw error
  }
}

/**
 * AdminDisableProviderForUser: the federated identity no longer signs in here. Its link to a pool
 * user is removed (the user stays), or the user it made on its own is deleted.
 */
export async function disableProviderForUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: ProviderUser,
): Promise<void> {
  if (!user.ProviderName || user.ProviderName === 'Cognito' || !user.ProviderAttributeValue)
    throw new InvalidParameterException(
      "User must name an identity provider and the user's subject.",
    )
  const subject = user.ProviderAttributeValue
  const providerName = user.ProviderName
  const linkedTo = await dropProviderLink(services, pool, providerName, subject)
  if (linkedTo !== null) {
    const linked = await getUserByUsername(services, pool, linkedTo)
    if (linked) {
      await updateUser(services, pool, linked, (current) => ({
        ...current,
        attributes: {
          ...current.attributes,
          identities: withIdentity(current, services.now(), null, { providerName, subject }),
        },
      }))
    }
    return
  }
  const own = await getFederatedUser(services, pool, `${user.ProviderName}_${subject}`)
  if (!own)
    throw new ResourceNotFoundException(
      `No user of ${user.ProviderName} with subject ${subject} exists in this pool.`,
    )
  await deleteUser(services, pool, own)
}
