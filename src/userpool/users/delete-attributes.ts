import { InvalidParameterException } from '../../errors/cognito'
import { saveChange, withFreshUser } from '../store/users'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'

/**
 * AdminDeleteUserAttributes (and DeleteUserAttributes, after its client check): names must be in the
 * schema; `sub`, required and immutable attributes cannot go. Deleting email or phone also drops its
 * `_verified` flag (and with it the alias) and any code waiting to verify it.
 */
export async function adminDeleteUserAttributes(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  names: string[],
): Promise<void> {
  for (const name of names) {
    const schema = pool.SchemaAttributes.find((a) => a.Name === name)
    if (!schema || name === 'sub')
      throw new InvalidParameterException(
        `Invalid user attributes: ${name}: Attribute does not exist in the schema.`,
      )
    if (schema.Required)
      throw new InvalidParameterException(
        `Invalid user attributes: ${name}: Required attribute cannot be deleted.`,
      )
    if (!schema.Mutable)
      throw new InvalidParameterException(
        `Invalid user attributes: ${name}: Attribute cannot be updated.`,
      )
  }
  await withFreshUser(services, pool, username, (found) =>
    saveChange(services, pool, found, (user) => {
      const attributes = { ...user.attributes }
      for (const name of names) {
        delete attributes[name]
        if (name === 'email' || name === 'phone_number') delete attributes[`${name}_verified`]
      }
      const codes = user.codes.filter(
        (c) =>
          !(
            c.purpose === 'VERIFY_ATTRIBUTE' &&
            c.attribute !== undefined &&
            names.includes(c.attribute)
          ),
      )
      return { ...user, attributes, codes }
    }),
  )
}
