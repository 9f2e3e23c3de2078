import type { GetUserAttributeVerificationCodeResponse } from '@aws-sdk/client-cognito-identity-provider'
import { sendAttributeVerificationCode } from '../../../userpool/account/attribute-verification'
import { verifyAccessToken } from '../../../userpool/tokens/verify-access-token'
import { defineTarget } from '../../target'
import { AccessToken, AttributeName, ClientMetadata } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'

export const getUserAttributeVerificationCode =
  defineTarget<GetUserAttributeVerificationCodeResponse>()({
    auth: 'public',
    limitedPerIp: true,
    input: structure({ AccessToken, AttributeName, ClientMetadata }, [
      'AccessToken',
      'AttributeName',
    ]),
    async handle(input, { services, issuerOrigin, awsSdkVersion }) {
      return {
        CodeDeliveryDetails: await sendAttributeVerificationCode(
          services,
          await verifyAccessToken(services, input.AccessToken, issuerOrigin),
          input.AttributeName,
          {
            caller: { awsSdkVersion },
            ...(input.ClientMetadata ? { clientMetadata: input.ClientMetadata } : {}),
          },
        ),
      }
    },
  })
