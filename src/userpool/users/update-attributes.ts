import type { MessageContext } from '../triggers/custom-sender'
import { changeUserAttributes, refuseBlankRequired } from '../attributes/attribute-changes'
import { validateAttributes, type AttributeInput } from '../attributes/attributes'
import type { UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'

/**
 * AdminUpdateUserAttributes: any schema attribute, `*_verified` flags included. Required attributes
 * cannot be blanked. A changed email or phone that the pool verifies gets a verification code, as in
 * Cognito.
 */
export async function adminUpdateUserAttributes(
  services: UserPoolServices,
  pool: UserPoolConfig,
  username: string,
  attributes: AttributeInput[],
  context: MessageContext = {},
): Promise<void> {
  const changes = validateAttributes(pool, attributes, { writer: 'admin', creating: false })
  refuseBlankRequired(pool, changes)
  await changeUserAttributes(services, pool, username, changes, context)
}
