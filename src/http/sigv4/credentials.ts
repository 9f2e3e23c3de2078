import { SigV4Failure } from './failure'
import { ALGORITHM, type Scope } from './signing'

/** What a request presents as its signature, from the Authorization header or a presigned query. */
export interface Presented {
  accessKeyId: string
  scope: Scope
  signedHeaders: string[]
  signature: string
  /** `X-Amz-Date` (header or query). */
  amzDate: string | null
  sessionToken: string | undefined
  /** Seconds a presigned URL is valid for (X-Amz-Expires); undefined for the header form. */
  expiresSeconds: number | undefined
}

const AUTHORIZATION_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/\s,]+)\/(\d{8})\/([^/\s,]+)\/([^/\s,]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;_.-]+),\s*Signature=([0-9a-f]{64})$/

/** A presigned URL is valid for at most seven days (SigV4 query form). */
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600

/** Reads the Authorization header form. */
export function fromHeader(authorization: string, headers: Headers): Presented {
  const match = AUTHORIZATION_PATTERN.exec(authorization.trim())
  if (!match)
    throw new SigV4Failure(
      'malformed',
      'Authorization header is not a valid AWS Signature Version 4 header.',
    )
  const [, accessKeyId, date, region, service, signedHeaders, signature] =
    match as unknown as string[]
  return {
    accessKeyId: accessKeyId!,
    scope: { date: date!, region: region!, service: service! },
    signedHeaders: signedHeaders!.split(';'),
    signature: signature!,
    amzDate: headers.get('x-amz-date'),
    sessionToken: headers.get('x-amz-security-token') ?? undefined,
    expiresSeconds: undefined,
  }
}

const queryFailure = (message: string) => new SigV4Failure('malformed', message, true)

/** Whether the query carries a presigned signature. */
export const isPresigned = (params: URLSearchParams): boolean => params.has('X-Amz-Algorithm')

/** Reads the presigned query form (`X-Amz-Algorithm`, `X-Amz-Credential`, …). */
export function fromQuery(params: URLSearchParams): Presented {
  const one = (name: string): string => {
    const values = params.getAll(name)
    if (values.length !== 1)
      throw queryFailure(`Query-string authentication requires exactly one ${name} parameter.`)
    return values[0]!
  }
  if (one('X-Amz-Algorithm') !== ALGORITHM)
    throw queryFailure(`X-Amz-Algorithm only supports "${ALGORITHM}".`)
  const credential = one('X-Amz-Credential').split('/')
  const [accessKeyId = '', date = '', region = '', service = '', terminator] = credential
  if (
    credential.length !== 5 ||
    terminator !== 'aws4_request' ||
    !/^\d{8}$/.test(date) ||
    !accessKeyId
  )
    throw queryFailure('Error parsing the X-Amz-Credential parameter.')
  const expiresText = one('X-Amz-Expires')
  const expiresSeconds = /^\d{1,7}$/.test(expiresText) ? Number(expiresText) : Number.NaN
  if (!(expiresSeconds >= 1 && expiresSeconds <= MAX_EXPIRES_SECONDS))
    throw queryFailure(
      'X-Amz-Expires must be a whole number of seconds from 1 to 604800 (seven days).',
    )
  const signedHeaders = one('X-Amz-SignedHeaders')
  const signature = one('X-Amz-Signature')
  if (!/^[a-z0-9;_.-]+$/.test(signedHeaders) || !/^[0-9a-f]{64}$/.test(signature))
    throw queryFailure('X-Amz-SignedHeaders or X-Amz-Signature is malformed.')
  const tokens = params.getAll('X-Amz-Security-Token')
  if (tokens.length > 1) throw queryFailure('Only one X-Amz-Security-Token is allowed.')
  return {
    accessKeyId,
    scope: { date, region, service },
    signedHeaders: signedHeaders.split(';'),
    signature,
    amzDate: one('X-Amz-Date'),
    sessionToken: tokens[0],
    expiresSeconds,
  }
}
