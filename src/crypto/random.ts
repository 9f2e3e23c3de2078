import { toBase64Url } from './encoding'

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length))
}

/** A string of `length` characters drawn uniformly from `alphabet` (rejection sampling, no bias). */
export function randomString(length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length)
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length]
    }
  }
  return out
}

export const randomToken = (bytes = 32): string => toBase64Url(randomBytes(bytes))
export const randomDigits = (length: number): string => randomString(length, '0123456789')
