import {
  AliasExistsException,
  ConcurrentModificationException,
  UsernameExistsException,
} from '../../errors/cognito'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { directoryKeys } from './directory-keys'
import { getUserByUsername, keyedStore, normalizeAlias, type LoadedUser } from './directory'

/**
 * The alias index: one entry per sign-in alias (email, phone, preferred_username), in the
 * partition of its own key, naming the user who holds it. An entry is written before the user
 * record that holds the value and removed after, so a failure leaves at worst an entry whose user
 * does not hold it, which lookups ignore and the next claim takes over.
 */

export interface Alias {
  attribute: string
  value: string
}

/** How long a claim on an alias whose user is not stored yet counts as in flight (then: leftover). */
const ALIAS_CLAIM_GRACE_MS = 60_000

/**
 * The alias entries a user should own: for UsernameAttributes pools every email/phone value (they
 * are sign-in names), for AliasAttributes pools only verified ones (and preferred_username).
 */
export function ownedAliases(pool: UserPoolConfig, user: UserRecord): Alias[] {
  const out: Alias[] = []
  for (const attribute of pool.UsernameAttributes ?? []) {
    const value = user.attributes[attribute]
    if (value) out.push({ attribute, value: normalizeAlias(attribute, value) })
  }
  for (const attribute of pool.AliasAttributes ?? []) {
    const value = user.attributes[attribute]
    if (!value) continue
    const verified =
      attribute === 'preferred_username' || user.attributes[`${attribute}_verified`] === 'true'
    if (verified && user.status !== 'UNCONFIRMED')
      out.push({ attribute, value: normalizeAlias(attribute, value) })
  }
  return out
}

/**
 * Claims `aliases` for `owner`, before its record is written. Held by another user, an alias fails
 * the claim, or under ForceAliasCreation (`take-over`) moves: `saveHolder` writes the previous
 * holder without it, which releases its entry.
 */
export async function claimAliases(
  services: UserPoolServices,
  pool: UserPoolConfig,
  owner: UserRecord,
  aliases: Alias[],
  mode: 'fail' | 'take-over',
  saveHolder: (holder: LoadedUser, next: UserRecord) => Promise<unknown>,
): Promise<void> {
  for (const { attribute, value } of aliases) {
    const key = directoryKeys.alias(attribute, value)
    const store = keyedStore(services, pool, key)
    const existing = await store.get<{ username: string; at?: number }>(key)
    let expected = existing?.version ?? 0
    const named = existing && existing.value.username !== owner.username ? existing : null
    const holder = named ? await getUserByUsername(services, pool, named.value.username) : null
    // An entry naming another spelling of the owner's own name (a local user) is still its own.
    if (named && holder?.user.sub !== owner.sub) {
      const held =
        holder &&
        ownedAliases(pool, holder.user).some((a) => a.attribute === attribute && a.value === value)
      if (held && mode === 'fail') {
        const usernameAttribute = (pool.UsernameAttributes ?? []).includes(attribute as 'email')
        if (usernameAttribute)
          throw new UsernameExistsException(
            `An account with the given ${attribute === 'email' ? 'email' : 'phone_number'} already exists.`,
          )
        throw new AliasExistsException('An account with the given email already exists.')
      }
      if (held && holder) {
        // Cognito's ForceAliasCreation: the alias moves and the previous holder keeps the value,
        // marked unverified (a value that is a username or preferred_username has to go).
        const attributes = { ...holder.user.attributes }
        if (attribute === 'email' || attribute === 'phone_number')
          attributes[`${attribute}_verified`] = 'false'
        if (
          attribute === 'preferred_username' ||
          (pool.UsernameAttributes ?? []).includes(attribute as 'email')
        ) {
          delete attributes[attribute]
          delete attributes[`${attribute}_verified`]
        }
        await saveHolder(holder, { ...holder.user, attributes, updatedAt: services.now() })
        // Saving the holder released its entry: the claim below starts from what is there now.
        expected = (await store.get(key))?.version ?? 0
      }
      // A fresh claim whose user is not stored yet is a write in flight, not a leftover: taking it
      // over would let two users end up with one email.
      if (
        !held &&
        mode === 'fail' &&
        (named.value.at ?? 0) > services.now() - ALIAS_CLAIM_GRACE_MS
      ) {
        throw new ConcurrentModificationException(
          'The alias is being claimed concurrently; try again.',
        )
      }
    }
    const result = await store.commit({
      expect: [{ key, version: expected }],
      put: [{ key, value: { username: owner.username, at: services.now() } }],
    })
    if (!result.ok)
      throw new ConcurrentModificationException('The alias was claimed concurrently; try again.')
  }
}

/** Drops the entries of `aliases` that name `owner`, after its record stopped holding them. */
export async function releaseAliases(
  services: UserPoolServices,
  pool: UserPoolConfig,
  owner: UserRecord,
  aliases: Alias[],
): Promise<void> {
  for (const { attribute, value } of aliases) {
    const key = directoryKeys.alias(attribute, value)
    const store = keyedStore(services, pool, key)
    const existing = await store.get<{ username: string }>(key)
    // Entries are written with the owner's exact name: one naming anybody else is not ours to drop.
    if (existing && existing.value.username === owner.username) {
      await store.commit({ expect: [{ key, version: existing.version }], delete: [key] })
    }
  }
}

const aliasId = (a: Alias): string => `${a.attribute}:${a.value}`

/** The aliases a change of user from `before` to `after` claims and releases. */
export function aliasChanges(
  pool: UserPoolConfig,
  before: UserRecord,
  after: UserRecord,
): { added: Alias[]; removed: Alias[] } {
  const held = ownedAliases(pool, before)
  const next = ownedAliases(pool, after)
  return {
    added: next.filter((a) => !held.some((b) => aliasId(a) === aliasId(b))),
    removed: held.filter((b) => !next.some((a) => aliasId(a) === aliasId(b))),
  }
}
