import { InvalidParameterException, NotAuthorizedException } from '../../errors/cognito'
import type { UserRecord } from '../model'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { directoryKeys } from './directory-keys'
import { getUserByUsername, keyedStore, type LoadedUser } from './directory'

/**
 * Federated identities linked to a pool user (AdminLinkProviderForUser). A link lives in the
 * directory partition of its own key, as an alias does, so signing in by (provider, subject) is one
 * read; the user lists its links in its `identities` attribute. A link is written before the user
 * lists it and removed after the user stops listing it (or is deleted), so a failure leaves at
 * worst a link its user does not list, which sign-in refuses and unlinking removes.
 */

interface ProviderLink {
  providerName: string
  subject: string
  username: string
}

/** One entry of the `identities` attribute, as Cognito spells it. */
export type IdentityEntry = Record<string, unknown> & { providerName?: unknown; userId?: unknown }

/** The `identities` attribute of a user, parsed (empty when absent or unreadable). */
export function identitiesOf(user: UserRecord): IdentityEntry[] {
  try {
    const parsed: unknown = JSON.parse(user.attributes.identities ?? '[]')
    return Array.isArray(parsed) ? (parsed as IdentityEntry[]) : []
  } catch {
    return []
  }
}

const lists = (user: UserRecord, providerName: string, subject: string): boolean =>
  identitiesOf(user).some((i) => i.providerName === providerName && i.userId === subject)

const linkLocation = (services: UserPoolServices, pool: UserPoolConfig, p: string, s: string) => {
  const key = directoryKeys.providerLink(p, s)
  return { key, store: keyedStore(services, pool, key) }
}

/** The link of an identity as read now, with where it lives. */
async function readLink(services: UserPoolServices, pool: UserPoolConfig, p: string, s: string) {
  const { key, store } = linkLocation(services, pool, p, s)
  const link = await store.get<ProviderLink>(key)
  /** Removes the link unless it changed since it was read. */
  const drop = async () => {
    if (link) await store.commit({ expect: [{ key, version: link.version }], delete: [key] })
  }
  return { link: link?.value ?? null, drop }
}

/**
 * The user an upstream identity signs in as, when an administrator linked it to one; null when it
 * is not linked. A link whose user is gone or does not list it is refused rather than ignored: the
 * identity was given to that user, and must not quietly become a user of its own.
 */
export async function findLinkedUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  providerName: string,
  subject: string,
): Promise<LoadedUser | null> {
  const { link } = await readLink(services, pool, providerName, subject)
  if (!link) return null
  const user = await getUserByUsername(services, pool, link.username)
  if (!user || !lists(user.user, providerName, subject))
    throw new NotAuthorizedException('The user this identity is linked to no longer exists.')
  return user
}

/** Links an identity to `username`; InvalidParameterException when it is linked already. */
export async function claimProviderLink(
  services: UserPoolServices,
  pool: UserPoolConfig,
  providerName: string,
  subject: string,
  username: string,
): Promise<void> {
  const { key, store } = linkLocation(services, pool, providerName, subject)
  const link: ProviderLink = { providerName, subject, username }
  const result = await store.commit({ expect: [{ key, version: 0 }], put: [{ key, value: link }] })
  if (!result.ok)
    throw new InvalidParameterException(
      `${providerName} user ${subject} is already linked to a user.`,
    )
}

/** Removes a link; returns the username it named, or null when there was none. */
export async function dropProviderLink(
  services: UserPoolServices,
  pool: UserPoolConfig,
  providerName: string,
  subject: string,
): Promise<string | null> {
  const { link, drop } = await readLink(services, pool, providerName, subject)
  await drop()
  return link?.username ?? null
}

/** Removes the links a deleted user listed (those that still name it). */
export async function releaseProviderLinks(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
): Promise<void> {
  await Promise.all(
    identitiesOf(user).map(async ({ providerName, userId }) => {
      if (typeof providerName !== 'string' || typeof userId !== 'string') return
      const { link, drop } = await readLink(services, pool, providerName, userId)
      if (link?.username === user.username) await drop()
    }),
  )
}
