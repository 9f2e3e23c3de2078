import type { AssociateSoftwareTokenResponse } from '@aws-sdk/client-cognito-identity-provider'
import { associateForCaller } from '../../../userpool/mfa/software-token-setup'
import { defineTarget } from '../../target'
import { AccessToken, Session } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { setupCaller } from './setup-caller'

export const associateSoftwareToken = defineTarget<AssociateSoftwareTokenResponse>()({
  auth: 'public',
  input: structure({ AccessToken, Session }),
  async handle(input, { services, issuerOrigin }) {
    const { secret, session } = await associateForCaller(
      services,
      await setupCaller(services, issuerOrigin, input),
    )
    return { SecretCode: secret, ...(session ? { Session: session } : {}) }
  },
})
