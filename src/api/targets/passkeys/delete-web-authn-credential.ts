import type { DeleteWebAuthnCredentialResponse } from '@aws-sdk/client-cognito-identity-provider'
import { deleteUserCredential } from '../../../userpool/passkeys/credentials'
import { defineTarget } from '../../target'
import { AccessToken } from '../../validation/cognito-shapes'
import { string, structure } from '../../validation/shape'
import { passkeyOwner } from './passkey-owner'

export const deleteWebAuthnCredential = defineTarget<DeleteWebAuthnCredentialResponse>()({
  auth: 'public',
  input: structure({ AccessToken, CredentialId: string({ min: 0, max: 131072 }) }, [
    'AccessToken',
    'CredentialId',
  ]),
  async handle(input, { services, issuerOrigin }) {
    const { pool, user } = await passkeyOwner(services, input.AccessToken, issuerOrigin)
    await deleteUserCredential(services, pool, user, input.CredentialId)
    return {}
  },
})
