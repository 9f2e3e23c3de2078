import { toHex, utf8 } from '../../crypto/encoding'
import { hmacSha256, sha256Hex } from '../../crypto/hash'

export const ALGORITHM = 'AWS4-HMAC-SHA256'

/** The credential scope: `date/region/service/aws4_request`. */
export interface Scope {
  date: string
  region: string
  service: string
}

/** The signature of a canonical request under a secret (SigV4 §"Calculate the signature"). */
export async function signatureOf(
  secret: string,
  scope: Scope,
  amzDate: string,
  canonicalRequest: string,
): Promise<string> {
  const stringToSign = [
    ALGORITHM,
    amzDate,
    `${scope.date}/${scope.region}/${scope.service}/aws4_request`,
    await sha256Hex(canonicalRequest),
  ].join('\n')
  let key = await hmacSha256(utf8(`AWS4${secret}`), scope.date)
  for (const part of [scope.region, scope.service, 'aws4_request'])
    key = await hmacSha256(key, part)
  return toHex(await hmacSha256(key, stringToSign))
}

/** `YYYYMMDDTHHMMSSZ` as epoch ms, or NaN. */
export function parseAmzDate(amzDate: string): number {
  if (!/^\d{8}T\d{6}Z$/.test(amzDate)) return Number.NaN
  const at = Date.UTC(
    +amzDate.slice(0, 4),
    +amzDate.slice(4, 6) - 1,
    +amzDate.slice(6, 8),
    +amzDate.slice(9, 11),
    +amzDate.slice(11, 13),
    +amzDate.slice(13, 15),
  )
  // Date.UTC rolls 20260231 over to March: such a date was never a real one.
  return new Date(at).toISOString().replace(/[-:]|\.\d{3}/g, '') === amzDate ? at : Number.NaN
}
