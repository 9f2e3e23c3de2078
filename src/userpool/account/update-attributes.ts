import type { MessageContext } from '../triggers/custom-sender'
import { InvalidParameterException } from '../../errors/cognito'
import {
  changeUserAttributes,
  refuseBlankRequired,
  VERIFIABLE,
} from '../attributes/attribute-changes'
import { validateAttributes, type AttributeInput } from '../attributes/attributes'
import type { CodeDeliveryDetails } from '../delivery/messages'
import type { UserPoolServices } from '../services'
import type { VerifiedAccessToken } from '../tokens/verify-access-token'

/**
 * UpdateUserAttributes: the signed-in user changes attributes their app client may write. A user
 * never marks their own email or phone verified (that takes a code, or an administrator), whatever
 * the client's write permissions say. Returns where verification codes went.
 */
export async function updateOwnAttributes(
  services: UserPoolServices,
  { pool, client, loaded }: VerifiedAccessToken,
  attributes: AttributeInput[],
  context: MessageContext = {},
): Promise<CodeDeliveryDetails[]> {
  const changes = validateAttributes(pool, attributes, { writer: 'user', creating: false, client })
  for (const { name } of VERIFIABLE) {
    if (`${name}_verified` in changes)
      throw new InvalidParameterException(
        `A client attempted to write unauthorized attribute ${name}_verified`,
      )
  }
  refuseBlankRequired(pool, changes)
  return changeUserAttributes(services, pool, loaded.user.username, changes, {
    ...context,
    caller: { ...context.caller, clientId: client.ClientId },
  })
}
