import { buildClient, CommitmentPolicy, KmsKeyringNode } from '@aws-crypto/client-node'
import { describe, expect, it } from 'vitest'
import { encryptMessage } from '../../src/crypto/esdk-message'
import { sealDataKey } from '../../src/crypto/kms-ciphertext'
import { testApp } from './support/app'
import { kmsClient } from './support/sdk'

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
const CONTEXT = { 'userpool-id': 'us-east-1_Example1', 'a-second': 'member' }

async function setUp() {
  const app = testApp()
  const keyring = new KmsKeyringNode({
    keyIds: [KEY_ARN],
    clientProvider: () => kmsClient(app),
  })
  const encrypt = (plaintext: Uint8Array<ArrayBuffer>, encryptionContext = CONTEXT) =>
    encryptMessage({
      plaintext,
      encryptionContext,
      wrap: async (dataKey) => ({
        providerId: 'aws-kms',
        providerInfo: KEY_ARN,
        ciphertext: await sealDataKey(
          app.runtime.services.sealer,
          KEY_ARN,
          encryptionContext,
          dataKey,
        ),
      }),
    })
  return { keyring, encrypt }
}

const bytes = (length: number) => new Uint8Array(length).map((_, i) => (i * 7) % 251)

describe('Encryption SDK messages', () => {
  it.each([0, 6, 4095, 4096, 4097, 10_000])(
    'of %i bytes decrypt under both commitment policies, in one frame or several',
    async (length) => {
      const { keyring, encrypt } = await setUp()
      const plaintext = bytes(length)
      const message = await encrypt(plaintext)
      for (const policy of [
        CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT,
        CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
      ]) {
        const { decrypt } = buildClient(policy)
        const { plaintext: out, messageHeader } = await decrypt(keyring, message)
        expect(Buffer.from(out).equals(Buffer.from(plaintext))).toBe(true)
        expect(messageHeader.encryptionContext).toEqual(CONTEXT)
        expect(messageHeader.suiteId).toBe(0x0478)
        expect(messageHeader.version).toBe(2)
      }
    },
  )

  it('are unsigned, so decryptUnsignedMessageStream reads them too', async () => {
    const { keyring, encrypt } = await setUp()
    const { decryptUnsignedMessageStream } = buildClient(
      CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
    )
    const chunks: Buffer[] = []
    const message = await encrypt(bytes(5000))
    const decrypting = decryptUnsignedMessageStream(keyring)
    decrypting.on('data', (chunk: Buffer) => chunks.push(chunk))
    const done = new Promise((resolve, reject) => decrypting.on('end', resolve).on('error', reject))
    decrypting.end(Buffer.from(message))
    await done
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes(5000)))).toBe(true)
  })

  it('do not decrypt with a byte changed anywhere', async () => {
    const { keyring, encrypt } = await setUp()
    const message = await encrypt(bytes(40))
    const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
    // The version, the suite, the message id, the context, the data key, the commitment, the header tag, the body.
    for (const at of [
      0,
      2,
      10,
      40,
      120,
      message.length - 150,
      message.length - 70,
      message.length - 1,
    ]) {
      const tampered = message.slice()
      tampered[at]! ^= 0x01
      await expect(decrypt(keyring, tampered)).rejects.toThrow()
    }
  })
})
