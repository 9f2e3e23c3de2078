import { randomBytes } from './random'

/**
 * RFC 6238 time-based one-time passwords as authenticator apps use them: HMAC-SHA1, 30-second
 * steps, 6 digits, secrets shared as RFC 4648 base32.
 */
const STEP_SECONDS = 30
const DIGITS = 6
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** A fresh 160-bit secret in base32 (32 characters, no padding), as AssociateSoftwareToken hands out. */
export function newTotpSecret(): string {
  const bytes = randomBytes(20)
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  return out
}

function decodeBase32(text: string): Uint8Array<ArrayBuffer> {
  const bytes: number[] = []
  let bits = 0
  let value = 0
  for (const char of text.toUpperCase().replace(/=+$/, '')) {
    const index = BASE32.indexOf(char)
    if (index < 0) throw new TypeError('not base32')
    value = (value << 5) | index
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return new Uint8Array(bytes)
}

async function codeAt(secret: Uint8Array<ArrayBuffer>, step: number): Promise<string> {
  const counter = new Uint8Array(8)
  new DataView(counter.buffer).setBigUint64(0, BigInt(step))
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-1' }, false, [
    'sign',
  ])
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, counter))
  const offset = mac[mac.length - 1]! & 0x0f
  const binary =
    ((mac[offset]! & 0x7f) << 24) |
    (mac[offset + 1]! << 16) |
    (mac[offset + 2]! << 8) |
    mac[offset + 3]!
  return String(binary % 10 ** DIGITS).padStart(DIGITS, '0')
}

/**
 * The time step a code belongs to, if it is right for the current step or one either side (clock
 * drift) and later than `afterStep` (a code, once accepted, never works again); otherwise null.
 */
export async function acceptedTotpStep(
  secretBase32: string,
  code: string,
  nowMs: number,
  afterStep = -1,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null
  const secret = decodeBase32(secretBase32)
  const current = Math.floor(nowMs / 1000 / STEP_SECONDS)
  let accepted: number | null = null
  // Every candidate is computed, so the time taken does not say which step matched.
  for (const step of [current - 1, current, current + 1]) {
    if ((await codeAt(secret, step)) === code && step > afterStep && accepted === null)
      accepted = step
  }
  return accepted
}
