import type { DecryptResponse } from '@aws-sdk/client-kms'
import { toBase64 } from '../../../crypto/encoding'
import { keyArnOf, openDataKey } from '../../../crypto/kms-ciphertext'
import {
  DryRunOperationException,
  IncorrectKeyException,
  InvalidCiphertextException,
  InvalidKeyUsageException,
  NotFoundException,
  ValidationException,
} from '../../../errors/kms'
import { defineTarget } from '../../target'
import { structure } from '../../validation/shape'
import {
  CiphertextBlob,
  DryRun,
  DryRunModifiers,
  EncryptionAlgorithm,
  EncryptionContext,
  GrantTokens,
  KeyId,
  Recipient,
} from '../shapes'

const KEY_ARN = /^arn:[\w-]+:kms:[\w-]+:\d{12}:key\/([\w-]+)$/
const KEY_ID = /^[\w-]{1,128}$/

/**
 * Whether `keyId` (a key ARN, a key id, an alias name or an alias ARN) names the key a blob was
 * sealed for; KMS refuses a Decrypt whose KeyId names another key. Aliases are not kept here, so
 * one is not found.
 */
function checkKeyId(keyId: string, keyArn: string): void {
  if (keyId.startsWith('alias/') || /^arn:[\w-]+:kms:[\w-]+:\d{12}:alias\//.test(keyId))
    throw new NotFoundException(`Alias ${keyId} is not found.`)
  const named = KEY_ARN.exec(keyId)
  if (!named && !KEY_ID.test(keyId)) throw new NotFoundException(`Invalid keyId '${keyId}'`)
  const matches = named ? keyId === keyArn : KEY_ARN.exec(keyArn)?.[1] === keyId
  if (!matches)
    throw new IncorrectKeyException(
      'The key ID in the request does not identify a CMK that can perform this operation.',
    )
}

/**
 * Decrypt, for the data keys of the Encryption SDK messages that custom sender triggers are
 * sent: the blob opens only with the encryption context it was sealed with and, when a KeyId is
 * given, only for the key it names. Signed with an admin key, as a function's role would sign it.
 */
export const decrypt = defineTarget<DecryptResponse>()({
  auth: 'sigv4',
  input: structure({
    CiphertextBlob,
    EncryptionContext,
    GrantTokens,
    KeyId,
    EncryptionAlgorithm,
    Recipient,
    DryRun,
    DryRunModifiers,
  }),
  async handle(input, { services }) {
    if (input.Recipient !== undefined)
      throw new ValidationException(
        'Recipient is not supported: this endpoint cannot verify an attestation document.',
      )
    const ignoreCiphertext =
      input.DryRun === true && (input.DryRunModifiers ?? []).includes('IGNORE_CIPHERTEXT')
    if (ignoreCiphertext) {
      if (input.KeyId === undefined)
        throw new ValidationException('KeyId is required when the ciphertext is ignored.')
      throw new DryRunOperationException(
        'The request would have succeeded, but the DryRun option is set.',
      )
    }
    const blob = input.CiphertextBlob
    if (blob === undefined || blob.length === 0)
      throw new ValidationException(
        "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1",
      )
    const keyArn = keyArnOf(blob)
    if (keyArn === undefined || !KEY_ARN.test(keyArn)) throw new InvalidCiphertextException('')
    if (input.KeyId !== undefined) checkKeyId(input.KeyId, keyArn)
    if ((input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT')
      throw new InvalidKeyUsageException(
        `${keyArn} key usage is ENCRYPT_DECRYPT and key spec is SYMMETRIC_DEFAULT; the only supported encryption algorithm is SYMMETRIC_DEFAULT.`,
      )
    if (input.DryRun === true)
      throw new DryRunOperationException(
        'The request would have succeeded, but the DryRun option is set.',
      )
    const opened = await openDataKey(services.sealer, blob, input.EncryptionContext ?? {})
    // KMS says no more about a blob that does not open: altered, not ours, or another context.
    if (!opened) throw new InvalidCiphertextException('')
    return {
      KeyId: opened.keyArn,
      Plaintext: toBase64(opened.plaintext),
      EncryptionAlgorithm: 'SYMMETRIC_DEFAULT',
    }
  },
})
