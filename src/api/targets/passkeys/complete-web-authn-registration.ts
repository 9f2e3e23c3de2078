import type { CompleteWebAuthnRegistrationResponse } from '@aws-sdk/client-cognito-identity-provider'
import { completeRegistration } from '../../../userpool/passkeys/registration'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { opaqueStructure, structure } from '../../validation/shape'
import { passkeyOwner } from './passkey-owner'

export const completeWebAuthnRegistration = defineTarget<CompleteWebAuthnRegistrationResponse>()({
  auth: 'public',
  limitedPerIp: true,
  input: structure({ AccessToken, Credential: opaqueStructure() }, ['AccessToken', 'Credential']),
  async handle(input, { services, issuerOrigin }) {
    const owner = await passkeyOwner(services, input.AccessToken, issuerOrigin)
    await completeRegistration(services, owner, input.Credential)
    return {}
  },
})
