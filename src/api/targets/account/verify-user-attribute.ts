import type { VerifyUserAttributeResponse } from '@aws-sdk/client-cognito-identity-provider'
import { verifyUserAttribute as verify } from '../../../userpool/account/attribute-verification'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'
import { defineTarget } from '../../target'
import { AccessToken, AttributeName, ConfirmationCode } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const verifyUserAttribute = defineTarget<VerifyUserAttributeResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure({ AccessToken, AttributeName, Code: ConfirmationCode }, [
    'AccessToken',
    'AttributeName',
    'Code',
  ]),
  async handle(input, { services, issuerOrigin }) {
    await verify(
      services,
      await verifyAccessToken(services, input.AccessToken, issuerOrigin),
      input.AttributeName,
      input.Code,
    )
    return {}
  },
})
