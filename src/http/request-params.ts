import { InvalidRequest } from '../errors/oauth'

/**
 * Reads OAuth parameters from a query string or an urlencoded form. A parameter sent twice is an
 * error (RFC 6749 §3.1), never silently resolved.
 */
export function readParams(source: URLSearchParams): Record<string, string | undefined> {
  const out: Record<string, string> = {}
  for (const [name, value] of source) {
    if (Object.hasOwn(out, name))
      throw new InvalidRequest(`Parameter ${name.slice(0, 40)} is repeated`)
    out[name] = value
  }
  return out
}

/** Reads an urlencoded POST body (bounded), or throws invalid_request. */
export async function readForm(
  request: Request,
  maxBytes = 64 * 1024,
): Promise<Record<string, string | undefined>> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded')
    throw new InvalidRequest('Content-Type must be application/x-www-form-urlencoded')
  const text = await request.text()
  if (text.length > maxBytes) throw new InvalidRequest('Request body too large')
  return readParams(new URLSearchParams(text))
}

/**
 * The parameters of an endpoint served on GET and POST alike (authorize, idpresponse, logout):
 * the urlencoded form of a POST, else the query string.
 */
export function readRequestParams(request: Request): Promise<Record<string, string | undefined>> {
  if (request.method === 'POST') return readForm(request)
  return Promise.resolve(readParams(new URL(request.url).searchParams))
}
