import type { StartWebAuthnRegistrationResponse } from '@aws-sdk/client-cognito-identity-provider'
import { startRegistration } from '../../../userpool/passkeys/registration'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { structure } from '../../validation/shape'
import { passkeyOwner } from './passkey-owner'

export const startWebAuthnRegistration = defineTarget<StartWebAuthnRegistrationResponse>()({
  auth: 'public',
  input: structure({ AccessToken }, ['AccessToken']),
  async handle(input, { services, issuerOrigin }) {
    const owner = await passkeyOwner(services, input.AccessToken, issuerOrigin)
    const options = await startRegistration(services, owner, issuerOrigin)
    // A Document on the wire: the options as JSON, the shape navigator.credentials.create takes
    // (the SDK types a Document so loosely that the output check cannot look inside it).
    const document = JSON.parse(JSON.stringify(options)) as never
    return { CredentialCreationOptions: document }
  },
})
