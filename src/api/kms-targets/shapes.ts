import { blob, boolean, enumeration, list, map, opaqueStructure, string } from '../validation/shape'

/** Shapes of the KMS model (kms.json) that its operations share. */
export const CiphertextBlob = blob({ max: 6144 })
export const EncryptionContext = map(string())
export const GrantTokens = list(string({ min: 1, max: 8192 }), { max: 10 })
export const KeyId = string({ min: 1, max: 2048 })
export const EncryptionAlgorithm = enumeration([
  'SYMMETRIC_DEFAULT',
  'RSAES_OAEP_SHA_1',
  'RSAES_OAEP_SHA_256',
  'SM2PKE',
])
/** A Nitro enclave's attestation: read only to refuse it (nothing here can verify one). */
export const Recipient = opaqueStructure()
export const DryRun = boolean()
export const DryRunModifiers = list(enumeration(['IGNORE_CIPHERTEXT']))
