import { sha256Hex } from '../../crypto/hash'
import { canonicalHeaders, canonicalQuery, doubleEncodedPath } from './canonical'
import { ALGORITHM, signatureOf, type Scope } from './signing'

/** Long-term or temporary AWS credentials Portcullis signs outgoing calls with. */
export interface SigningCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/**
 * SigV4 headers for an outgoing request (services other than S3): the same canonical request the
 * verifier rebuilds, so a request signed here verifies there. Signs host, x-amz-date, the payload
 * hash and the session token, and every header in `headers`.
 */
export async function signedHeaders(
  request: { method: string; url: string; headers: Record<string, string>; body: string },
  credentials: SigningCredentials,
  scope: Omit<Scope, 'date'>,
  now: number,
): Promise<Record<string, string>> {
  const url = new URL(request.url)
  const amzDate = new Date(now).toISOString().replace(/[-:]|\.\d{3}/g, '')
  const payloadHash = await sha256Hex(request.body)
  const headers: Record<string, string> = {
    ...Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v])),
    host: url.host,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': payloadHash,
    ...(credentials.sessionToken ? { 'x-amz-security-token': credentials.sessionToken } : {}),
  }
  const names = Object.keys(headers).sort()
  const lines = canonicalHeaders(names, (name) => headers[name] ?? null) as string
  const canonicalRequest = [
    request.method,
    doubleEncodedPath(url.pathname),
    canonicalQuery(url.searchParams),
    lines,
    names.join(';'),
    payloadHash,
  ].join('\n')
  const fullScope: Scope = { ...scope, date: amzDate.slice(0, 8) }
  const signature = await signatureOf(
    credentials.secretAccessKey,
    fullScope,
    amzDate,
    canonicalRequest,
  )
  const { host: _host, ...sent } = headers
  return {
    ...sent,
    authorization: `${ALGORITHM} Credential=${credentials.accessKeyId}/${fullScope.date}/${scope.region}/${scope.service}/aws4_request, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  }
}
