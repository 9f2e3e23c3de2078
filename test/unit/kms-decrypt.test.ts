import { DecryptCommand, KMSServiceException } from '@aws-sdk/client-kms'
import { describe, expect, it } from 'vitest'
import { sealDataKey } from '../../src/crypto/kms-ciphertext'
import { AUTH, testApp } from './support/app'
import { kmsClient } from './support/sdk'

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
const OTHER_KEY = 'arn:aws:kms:us-east-1:123456789012:key/0000abcd-12ab-34cd-56ef-1234567890ab'
const CONTEXT = { 'userpool-id': 'us-east-1_Example1' }
const DATA_KEY = new Uint8Array(32).map((_, i) => i)

async function setUp() {
  const app = testApp()
  const blob = await sealDataKey(app.runtime.services.sealer, KEY_ARN, CONTEXT, DATA_KEY)
  return { app, kms: kmsClient(app), blob }
}

/** The error a call failed with, as the SDK parsed it off the wire. */
async function failure(call: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await call
  } catch (error) {
    if (error instanceof KMSServiceException)
      return { name: error.name, status: error.$metadata.httpStatusCode }
    throw error
  }
  throw new Error('the call succeeded')
}

describe('KMS Decrypt', () => {
  it('opens a data key for its key and context, with or without a KeyId', async () => {
    const { kms, blob } = await setUp()
    for (const KeyId of [KEY_ARN, '1234abcd-12ab-34cd-56ef-1234567890ab', undefined]) {
      const answer = await kms.decrypt({ CiphertextBlob: blob, EncryptionContext: CONTEXT, KeyId })
      expect(answer.KeyId).toBe(KEY_ARN)
      expect(answer.EncryptionAlgorithm).toBe('SYMMETRIC_DEFAULT')
      expect([...(answer.Plaintext ?? [])]).toEqual([...DATA_KEY])
    }
  })

  it('refuses a blob altered anywhere, after the key ARN or inside it', async () => {
    const { kms, blob } = await setUp()
    for (const at of [0, 5, blob.length - 20, blob.length - 1]) {
      const tampered = blob.slice()
      tampered[at]! ^= 0x01
      expect(
        await failure(kms.decrypt({ CiphertextBlob: tampered, EncryptionContext: CONTEXT })),
      ).toEqual({ name: 'InvalidCiphertextException', status: 400 })
    }
    const truncated = blob.slice(0, blob.length - 1)
    expect(
      (await failure(kms.decrypt({ CiphertextBlob: truncated, EncryptionContext: CONTEXT }))).name,
    ).toBe('InvalidCiphertextException')
  })

  it('refuses a blob sealed for another key ARN under this one’s name', async () => {
    const { app, kms } = await setUp()
    const other = await sealDataKey(app.runtime.services.sealer, OTHER_KEY, CONTEXT, DATA_KEY)
    const spliced = new Uint8Array(other)
    // The ARNs are of one length: put this key's ARN in front of the other key's sealed bytes.
    spliced.set(new TextEncoder().encode(KEY_ARN), 3)
    expect(
      (await failure(kms.decrypt({ CiphertextBlob: spliced, EncryptionContext: CONTEXT }))).name,
    ).toBe('InvalidCiphertextException')
  })

  it('answers IncorrectKeyException when the KeyId names another key', async () => {
    const { kms, blob } = await setUp()
    for (const KeyId of [OTHER_KEY, '0000abcd-12ab-34cd-56ef-1234567890ab'])
      expect(
        await failure(kms.decrypt({ CiphertextBlob: blob, EncryptionContext: CONTEXT, KeyId })),
      ).toEqual({ name: 'IncorrectKeyException', status: 400 })
    expect(
      (await failure(kms.decrypt({ CiphertextBlob: blob, KeyId: 'alias/cognito' }))).name,
    ).toBe('NotFoundException')
    expect((await failure(kms.decrypt({ CiphertextBlob: blob, KeyId: 'not a key!' }))).name).toBe(
      'NotFoundException',
    )
  })

  it('refuses another encryption context, a missing one or one with a member more', async () => {
    const { kms, blob } = await setUp()
    const contexts: Array<Record<string, string> | undefined> = [
      { 'userpool-id': 'us-east-1_Other' },
      undefined,
      { ...CONTEXT, extra: 'x' },
      { 'userpool-ID': CONTEXT['userpool-id'] },
    ]
    for (const EncryptionContext of contexts)
      expect((await failure(kms.decrypt({ CiphertextBlob: blob, EncryptionContext }))).name).toBe(
        'InvalidCiphertextException',
      )
  })

  it('is for admin keys only: unsigned and unknown keys are refused', async () => {
    const { app, blob } = await setUp()
    const unsigned = await app.fetch(`${AUTH}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'TrentService.Decrypt',
      },
      body: JSON.stringify({ CiphertextBlob: Buffer.from(blob).toString('base64') }),
    })
    expect(unsigned.status).toBe(403)
    expect(await unsigned.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' })
    const stranger = kmsClient(app, {
      credentials: { accessKeyId: 'AKIASTRANGER00000000', secretAccessKey: 'x'.repeat(40) },
    })
    expect((await failure(stranger.decrypt({ CiphertextBlob: blob }))).name).toBe(
      'UnrecognizedClientException',
    )
  })

  it('answers DryRun, other algorithms and Recipient with KMS’s errors', async () => {
    const { kms, blob } = await setUp()
    const input = { CiphertextBlob: blob, EncryptionContext: CONTEXT }
    expect((await failure(kms.decrypt({ ...input, DryRun: true }))).name).toBe(
      'DryRunOperationException',
    )
    expect(
      (await failure(kms.decrypt({ ...input, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }))).name,
    ).toBe('InvalidKeyUsageException')
    expect(
      (
        await failure(
          kms.send(
            new DecryptCommand({
              ...input,
              Recipient: {
                KeyEncryptionAlgorithm: 'RSAES_OAEP_SHA_256',
                AttestationDocument: blob,
              },
            }),
          ),
        )
      ).name,
    ).toBe('ValidationException')
  })
})

describe('KMS Decrypt on malformed input', () => {
  /** A signed Decrypt with `body` as it is, through the SDK's signer and the Worker's router. */
  async function rawDecrypt(body: string) {
    const { app } = await setUp()
    const kms = kmsClient(app)
    kms.middlewareStack.add(
      (next) => async (args) => {
        ;(args.request as { body: string }).body = body
        return next(args)
      },
      { step: 'build', name: 'replaceBody', priority: 'high' },
    )
    try {
      await kms.decrypt({ CiphertextBlob: new Uint8Array([1]) })
      return { name: 'ok', status: 200 }
    } catch (error) {
      if (error instanceof KMSServiceException)
        return { name: error.name, status: error.$metadata.httpStatusCode ?? 0 }
      throw error
    }
  }

  it.each([
    ['not JSON', '{', 'SerializationException'],
    ['a list', '[]', 'SerializationException'],
    ['a number for the blob', '{"CiphertextBlob":5}', 'SerializationException'],
    ['a blob that is not base64', '{"CiphertextBlob":"***"}', 'SerializationException'],
    ['an empty blob', '{"CiphertextBlob":""}', 'ValidationException'],
    ['no blob', '{}', 'ValidationException'],
    ['a blob over 6144 bytes', `{"CiphertextBlob":"${'A'.repeat(8300)}"}`, 'ValidationException'],
    ['a blob of zeros', `{"CiphertextBlob":"${'A'.repeat(200)}"}`, 'InvalidCiphertextException'],
    ['an ARN-length past the end', '{"CiphertextBlob":"Af//YXJu"}', 'InvalidCiphertextException'],
    [
      'a context that is a list',
      '{"CiphertextBlob":"AQ==","EncryptionContext":[]}',
      'SerializationException',
    ],
    [
      'a context value that is a number',
      '{"CiphertextBlob":"AQ==","EncryptionContext":{"a":1}}',
      'SerializationException',
    ],
    [
      'eleven grant tokens',
      `{"CiphertextBlob":"AQ==","GrantTokens":${JSON.stringify(Array(11).fill('t'))}}`,
      'ValidationException',
    ],
    [
      'an unknown algorithm',
      '{"CiphertextBlob":"AQ==","EncryptionAlgorithm":"ROT13"}',
      'ValidationException',
    ],
    ['an empty KeyId', '{"CiphertextBlob":"AQ==","KeyId":""}', 'ValidationException'],
  ])('answers %s with a typed 4xx', async (_what, body, name) => {
    const answer = await rawDecrypt(body)
    expect(answer.name).toBe(name)
    expect(answer.status).toBeGreaterThanOrEqual(400)
    expect(answer.status).toBeLessThan(500)
  })
})
