import { InvalidParameterException } from '../../errors/cognito'
import { adminDeleteUserAttributes } from '../users/delete-attributes'
import type { UserPoolServices } from '../services'
import type { VerifiedAccessToken } from '../tokens/verify-access-token'

/**
 * DeleteUserAttributes: the signed-in user removes attributes their app client may write
 * (developer-only attributes are invisible to them), under the same schema rules as the admin call.
 */
export async function deleteOwnAttributes(
  services: UserPoolServices,
  { pool, client, loaded }: VerifiedAccessToken,
  names: string[],
): Promise<void> {
  for (const name of names) {
    const schema = pool.SchemaAttributes.find((a) => a.Name === name)
    if (schema?.DeveloperOnlyAttribute)
      throw new InvalidParameterException(
        `Invalid user attributes: ${name}: Attribute does not exist in the schema.`,
      )
    if (schema && client.WriteAttributes && !client.WriteAttributes.includes(name))
      throw new InvalidParameterException(
        `A client attempted to write unauthorized attribute ${name}`,
      )
  }
  await adminDeleteUserAttributes(services, pool, loaded.user.username, names)
}
