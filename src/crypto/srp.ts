import { concatBytes, fromHex, toHex, utf8 } from './encoding'
import { hmacSha256, sha256 } from './hash'
import { randomBytes } from './random'

/**
 * SRP-6a as Cognito's USER_SRP_AUTH speaks it: the RFC 3526 3072-bit group with g = 2, SHA-256,
 * and Cognito's byte encoding of big numbers (`padHex`: minimal even-length two's complement, so a
 * number whose top bit is set gains a 00 byte). Only the server side lives here.
 */

/** RFC 3526 §4, the 3072-bit MODP group. */
const N = BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
)
const g = 2n

/** Cognito's encoding of a non-negative number: even-length hex, with 00 in front if the top bit is set. */
export function padHex(value: bigint): string {
  let hex = value.toString(16)
  if (hex.length % 2 === 1) hex = `0${hex}`
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex
}

const bytesOf = (value: bigint): Uint8Array<ArrayBuffer> => fromHex(padHex(value))
const toBigInt = (bytes: Uint8Array): bigint => BigInt(`0x${toHex(bytes) || '0'}`)

/** base^exponent mod modulus by square-and-multiply (BigInt has no modPow). */
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n
  let b = ((base % modulus) + modulus) % modulus
  let e = exponent
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus
    b = (b * b) % modulus
    e >>= 1n
  }
  return result
}

let multiplier: Promise<bigint> | undefined
/** k = H(PAD(N) ‖ PAD(g)). */
const k = (): Promise<bigint> =>
  (multiplier ??= sha256(concatBytes(bytesOf(N), bytesOf(g))).then(toBigInt))

/** x = H(PAD(salt) ‖ H(poolName ‖ userId ‖ ":" ‖ password)). */
async function privateKey(
  poolName: string,
  userId: string,
  password: string,
  saltHex: string,
): Promise<bigint> {
  const identity = await sha256(utf8(`${poolName}${userId}:${password}`))
  return toBigInt(await sha256(concatBytes(bytesOf(BigInt(`0x${saltHex}`)), identity)))
}

/** A fresh 128-bit salt (hex) and the verifier v = g^x for a password; `poolName` is the pool id after `region_`. */
export async function createVerifier(
  poolName: string,
  userId: string,
  password: string,
): Promise<{ saltHex: string; verifierHex: string }> {
  const saltHex = toHex(randomBytes(16))
  const x = await privateKey(poolName, userId, password, saltHex)
  return { saltHex, verifierHex: modPow(g, x, N).toString(16) }
}

/** The server's ephemeral pair: secret b and public B = k·v + g^b (never 0 mod N). */
export async function serverEphemeral(
  verifierHex: string,
): Promise<{ secretHex: string; publicHex: string }> {
  const v = BigInt(`0x${verifierHex}`)
  const multiplierK = await k()
  for (;;) {
    const b = toBigInt(randomBytes(32))
    const B = (multiplierK * v + modPow(g, b, N)) % N
    if (b !== 0n && B !== 0n) return { secretHex: b.toString(16), publicHex: B.toString(16) }
  }
}

/** Whether a client's public value A (hex) is usable: a number, and not 0 mod N (RFC 5054 §2.5.4). */
export function validClientPublic(hex: string): boolean {
  return /^[0-9a-fA-F]{1,2048}$/.test(hex) && BigInt(`0x${hex}`) % N !== 0n
}

/**
 * Whether a verifier a client made (a device's, at ConfirmDevice) is usable: a number strictly
 * between 1 and N. v ≡ 0 makes the shared secret 0 and v = 1 makes it g^(ab), both computable
 * without the password, so either would let anyone who knows the device key answer for it.
 */
export function validVerifier(hex: string): boolean {
  if (!/^[0-9a-fA-F]{1,1024}$/.test(hex)) return false
  const v = BigInt(`0x${hex}`)
  return v > 1n && v < N
}

/**
 * The password claim Cognito's clients send: HMAC(K, poolName ‖ userId ‖ secretBlock ‖ timestamp)
 * where K is the first 16 bytes of HKDF(salt = PAD(u), ikm = PAD(S), info = "Caldera Derived Key")
 * and S = (A·v^u)^b, u = H(PAD(A) ‖ PAD(B)).
 */
export async function expectedPasswordClaim(input: {
  clientPublicHex: string
  serverPublicHex: string
  serverSecretHex: string
  verifierHex: string
  poolName: string
  userId: string
  secretBlock: Uint8Array<ArrayBuffer>
  timestamp: string
}): Promise<Uint8Array<ArrayBuffer> | null> {
  const A = BigInt(`0x${input.clientPublicHex}`)
  const B = BigInt(`0x${input.serverPublicHex}`)
  const u = toBigInt(await sha256(concatBytes(bytesOf(A), bytesOf(B))))
  if (u === 0n) return null
  const v = BigInt(`0x${input.verifierHex}`)
  const S = modPow(A * modPow(v, u, N), BigInt(`0x${input.serverSecretHex}`), N)
  const prk = await hmacSha256(bytesOf(u), bytesOf(S))
  const key = (
    await hmacSha256(prk, concatBytes(utf8('Caldera Derived Key'), new Uint8Array([1])))
  ).slice(0, 16)
  return hmacSha256(
    key,
    concatBytes(utf8(input.poolName), utf8(input.userId), input.secretBlock, utf8(input.timestamp)),
  )
}
