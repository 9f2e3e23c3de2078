import { storeKey } from '../../storage/keys'
import { InvalidParameterException, ResourceNotFoundException } from '../../errors/cognito'
import { withFreshUser } from '../users/retry'
import {
  deleteUser,
  getFederatedUser,
  getUserByUsername,
  requireUser,
  updateUser,
} from '../store/directory'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { findIdentityProvider } from './identity-providers'

/** Cognito's ProviderUserIdentifierType. */
export interface ProviderUser {
  ProviderName?: string
  ProviderAttributeName?: string
  ProviderAttributeValue?: string
}

/** A federated identity that signs in as an existing user of the pool instead of a user of its own. */
interface ProviderLink {
  providerName: string
  subject: string
  username: string
}

const linkKey = (providerName: string, subject: string) =>
  storeKey('idp-link', providerName, subject)

/** The user an upstream identity signs in as, when an administrator linked it to one. */
export async function linkedUsername(
  services: UserPoolServices,
  pool: UserPoolConfig,
  providerName: string,
  subject: string,
): Promise<string | null> {
  return (
    (await services.stores.pool(pool.Id).get<ProviderLink>(linkKey(providerName, subject)))?.value
      .username ?? null
  )
}

/** `identities` of a user with one identity more (or one fewer), as the attribute stores it. */
function withIdentity(
  user: UserRecord,
  now: number,
  identity: { providerName: string; subject: string } | null,
  without?: { providerName: string; subject: string },
): string {
  let current: Array<Record<string, unknown>> = []
  try {
    current = JSON.parse(user.attributes.identities ?? '[]') as Array<Record<string, unknown>>
  } catch {
    current = []
  }
  const others = current.filter(
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
  const link: ProviderLink = {
    providerName: source.ProviderName,
    subject,
    username: target.user.username,
  }
  const result = await services.stores.pool(pool.Id).commit({
    expect: [{ key: linkKey(link.providerName, subject), version: 0 }],
    put: [{ key: linkKey(link.providerName, subject), value: link }],
  })
  if (!result.ok)
    throw new InvalidParameterException(
      `${source.ProviderName} user ${subject} is already linked to a user.`,
    )
  await withFreshUser(services, pool, target.user.username, (found) =>
    updateUser(services, pool, found, (user) => ({
      ...user,
      attributes: {
        ...user.attributes,
        identities: withIdentity(user, services.now(), {
          providerName: link.providerName,
          subject,
        }),
      },
    })),
  )
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
  const store = services.stores.pool(pool.Id)
  const link = await store.get<ProviderLink>(linkKey(user.ProviderName, subject))
  if (link) {
    await store.commit({ delete: [linkKey(user.ProviderName, subject)] })
    const linked = await getUserByUsername(services, pool, link.value.username)
    if (linked) {
      await updateUser(services, pool, linked, (current) => ({
        ...current,
        attributes: {
          ...current.attributes,
          identities: withIdentity(current, services.now(), null, {
            providerName: link.value.providerName,
            subject,
          }),
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
