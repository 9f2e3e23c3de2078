import { InvalidParameterException } from '../../errors/cognito'
import { validateAttributes, type AttributeInput } from '../attributes'
import { requireUser, updateUser } from '../directory'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'

const VERIFIABLE = ['email', 'phone_number'] as const

/**
 * Applies attribute changes to a user record. Changing email or phone resets its `_verified` flag
 * unless the same request sets the flag, as Cognito does.
 */
export function applyAttributeChanges(user: UserRecord, changes: Record<string, string>): UserRecord {
  const attributes = { ...user.attributes, ...changes }
  for (const name of VERIFIABLE) {
    const changed = name in changes && changes[name] !== user.attributes[name]
    if (changed && !(`${name}_verified` in changes)) attributes[`${name}_verified`] = 'false'
  }
  for (const [name, value] of Object.entries(changes)) if (value === '') delete attributes[name]
  return { ...user, attributes }
}

/** AdminUpdateUserAttributes. */
export async function adminUpdateUserAttributes(services: UserPoolServices, pool: UserPoolConfig, username: string, attributes: AttributeInput[]): Promise<void> {
  const changes = validateAttributes(pool, attributes, { writer: 'admin', creating: false })
  const found = await requireUser(services, pool, username)
  await updateUser(services, pool, found, (user) => applyAttributeChanges(user, changes))
}

/** AdminDeleteUserAttributes: required attributes and `sub` cannot go. */
export async function adminDeleteUserAttributes(services: UserPoolServices, pool: UserPoolConfig, username: string, names: string[]): Promise<void> {
  for (const name of names) {
    const schema = pool.SchemaAttributes.find((a) => a.Name === name)
    if (!schema || name === 'sub') throw new InvalidParameterException(`Invalid attribute name: ${name}`)
    if (schema.Required) throw new InvalidParameterException(`Required attribute cannot be deleted: ${name}`)
    if (!schema.Mutable) throw new InvalidParameterException(`Attribute cannot be updated. ${name}`)
  }
  const found = await requireUser(services, pool, username)
  await updateUser(services, pool, found, (user) => {
    const attributes = { ...user.attributes }
    for (const name of names) {
      delete attributes[name]
      if (name === 'email' || name === 'phone_number') delete attributes[`${name}_verified`]
    }
    return { ...user, attributes }
  })
}
