import type { UpdateUserAttributesResponse } from '@aws-sdk/client-cognito-identity-provider'
import { updateOwnAttributes } from '../../../userpool/account/update-attributes'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'
import { defineTarget } from '../../target'
import { AccessToken, AttributeList, ClientMetadata } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const updateUserAttributes = defineTarget<UpdateUserAttributesResponse>()({
  auth: 'public',
  input: structure({ UserAttributes: AttributeList, AccessToken, ClientMetadata }, [
    'UserAttributes',
    'AccessToken',
  ]),
  async handle(input, { services, issuerOrigin, awsSdkVersion }) {
    const deliveries = await updateOwnAttributes(
      services,
      await verifyAccessToken(services, input.AccessToken, issuerOrigin),
      input.UserAttributes,
      {
        caller: { awsSdkVersion },
        ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
      },
    )
    return deliveries.length > 0 ? { CodeDeliveryDetailsList: deliveries } : {}
  },
})
