import { toBase64, toHex, utf8 } from './encoding'

export async function sha256(
  data: Uint8Array<ArrayBuffer> | string,
): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = typeof data === 'string' ? utf8(data) : data
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
}

export const sha256Hex = async (data: Uint8Array<ArrayBuffer> | string): Promise<string> =>
  toHex(await sha256(data))

export async function hmacSha256(
  key: Uint8Array<ArrayBuffer> | string,
  data: Uint8Array<ArrayBuffer> | string,
): Promise<Uint8Array<ArrayBuffer>> {
  const keyBytes = typeof key === 'string' ? utf8(key) : key
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    keyBytes,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return new Uint8Array(
    await crypto.subtle.sign('HMAC', cryptoKey, typeof data === 'string' ? utf8(data) : data),
  )
}

/** Cognito's SECRET_HASH: Base64(HMAC-SHA256(clientSecret, username + clientId)). */
export async function cognitoSecretHash(
  clientSecret: string,
  username: string,
  clientId: string,
): Promise<string> {
  return toBase64(await hmacSha256(clientSecret, username + clientId))
}
