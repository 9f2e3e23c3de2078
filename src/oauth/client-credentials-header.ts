import { InvalidClient, InvalidRequest } from '../errors/oauth'

/**
 * Client credentials from `Authorization: Basic` (client_secret_basic, RFC 6749 §2.3.1: both parts
 * form-urlencoded) or from the form (client_secret_post). Using both at once is refused.
 */
export function clientCredentials(
  authorization: string | null,
  form: Record<string, string | undefined>,
): { clientId: string | undefined; secret: string | undefined } {
  if (authorization && /^basic\s/i.test(authorization)) {
    if (form.client_secret !== undefined)
      throw new InvalidRequest('Use one client authentication method')
    let decoded: string
    try {
      decoded = atob(authorization.replace(/^basic\s+/i, '').trim())
    } catch {
      throw new InvalidClient()
    }
    const colon = decoded.indexOf(':')
    if (colon < 0) throw new InvalidClient()
    try {
      const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' '))
      const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' '))
      if (form.client_id !== undefined && form.client_id !== clientId)
        throw new InvalidRequest('client_id does not match the Authorization header')
      return { clientId, secret }
    } catch (error) {
      if (error instanceof InvalidRequest) throw error
      throw new InvalidClient()
    }
  }
  return { clientId: form.client_id, secret: form.client_secret }
}
