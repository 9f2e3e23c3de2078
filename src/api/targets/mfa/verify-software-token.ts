import type { VerifySoftwareTokenResponse } from '@aws-sdk/client-cognito-identity-provider'
import { verifyForCaller } from '../../../userpool/mfa/software-token-setup'
import { defineTarget } from '../../target'
import { AccessToken, Session } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'
import { setupCaller } from './setup-caller'

export const verifySoftwareToken = defineTarget<VerifySoftwareTokenResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure(
    {
      AccessToken,
      Session,
      UserCode: string({ min: 6, max: 6, pattern: '[0-9]+' }),
      FriendlyDeviceName: string(),
    },
    ['UserCode'],
  ),
  async handle(input, { services, issuerOrigin }) {
    const { session } = await verifyForCaller(
      services,
      await setupCaller(services, issuerOrigin, input),
      input.UserCode,
      input.FriendlyDeviceName,
    )
    return { Status: 'SUCCESS', ...(session ? { Session: session } : {}) }
  },
})
