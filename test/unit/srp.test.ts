import { createHmac } from 'node:crypto'
// The library's own client-side SRP, which Amplify and amazon-cognito-identity-js sign in with.
import * as cognitoIdentityJs from 'amazon-cognito-identity-js'
import { describe, expect, it } from 'vitest'
import {
  createVerifier,
  expectedPasswordClaim,
  padHex,
  serverEphemeral,
  validClientPublic,
} from '../../src/crypto/srp'

/** The library's own big-number type; its constructor is reached through a value it returns. */
interface BigNumber {
  toString(radix: number): string
  constructor: new (value: string, radix: number) => BigNumber
}

interface ClientHelper {
  getLargeAValue(callback: (error: unknown, value: BigNumber) => void): void
  getPasswordAuthenticationKey(
    userId: string,
    password: string,
    serverB: unknown,
    salt: unknown,
    callback: (error: unknown, key: Buffer) => void,
  ): void
}

const POOL_NAME = 'AbCdEfGhI'
const TIMESTAMP = 'Mon Nov 30 9:05:07 UTC 2026'

async function clientClaim(
  password: string,
  salt: string,
  serverPublicHex: string,
  secretBlock: Buffer,
): Promise<{ A: string; claim: Buffer }> {
  // Exported by the package but missing from its type declarations.
  const { AuthenticationHelper } = cognitoIdentityJs as unknown as {
    AuthenticationHelper: new (poolName: string) => ClientHelper
  }
  const helper = new AuthenticationHelper(POOL_NAME)
  const largeA = await new Promise<BigNumber>((resolve, reject) =>
    helper.getLargeAValue((error, value) => (error ? reject(error) : resolve(value))),
  )
  const A = largeA.toString(16)
  const Big = largeA.constructor
  const key = await new Promise<Buffer>((resolve, reject) =>
    helper.getPasswordAuthenticationKey(
      'user-1',
      password,
      new Big(serverPublicHex, 16),
      new Big(salt, 16),
      (error, hkdf) => (error ? reject(error) : resolve(hkdf)),
    ),
  )
  const claim = createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(POOL_NAME),
        Buffer.from('user-1'),
        secretBlock,
        Buffer.from(TIMESTAMP),
      ]),
    )
    .digest()
  return { A, claim }
}

describe('SRP as Cognito clients speak it', () => {
  it('encodes numbers the way Cognito does', () => {
    expect(padHex(20n)).toBe('14')
    expect(padHex(236n)).toBe('00ec')
    expect(padHex(0x1abcn)).toBe('1abc')
    expect(padHex(0xabcn)).toBe('0abc')
  })

  it('agrees with amazon-cognito-identity-js on the password claim for the right password only', async () => {
    for (let round = 0; round < 3; round++) {
      const { saltHex, verifierHex } = await createVerifier(POOL_NAME, 'user-1', 'Correct-Horse-9')
      const { secretHex, publicHex } = await serverEphemeral(verifierHex)
      const secretBlock = Buffer.from(`block-${round}`)
      const expected = async (A: string) =>
        Buffer.from(
          (await expectedPasswordClaim({
            clientPublicHex: A,
            serverPublicHex: publicHex,
            serverSecretHex: secretHex,
            verifierHex,
            poolName: POOL_NAME,
            userId: 'user-1',
            secretBlock: new Uint8Array(secretBlock),
            timestamp: TIMESTAMP,
          }))!,
        )
      const right = await clientClaim('Correct-Horse-9', saltHex, publicHex, secretBlock)
      expect((await expected(right.A)).equals(right.claim)).toBe(true)
      const wrong = await clientClaim('Correct-Horse-8', saltHex, publicHex, secretBlock)
      expect((await expected(wrong.A)).equals(wrong.claim)).toBe(false)
    }
  })

  it('refuses a client public value that is 0 mod N or not hex', () => {
    expect(validClientPublic('0')).toBe(false)
    expect(validClientPublic('zz')).toBe(false)
    expect(validClientPublic('abc123')).toBe(true)
  })
})
