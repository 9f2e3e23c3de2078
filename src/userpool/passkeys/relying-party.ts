import {
  WebAuthnConfigurationMissingException,
  WebAuthnNotEnabledException,
} from '../../errors/cognito'
import type { FirstAuthFactor, UserPoolConfig, WebAuthnConfiguration } from '../model'
import type { UserPoolServices } from '../services'
import { poolDomain } from '../store/pool-settings-store'

/** The pool's WebAuthnConfiguration with Cognito's defaults filled in. */
export function webAuthnConfigOf(pool: UserPoolConfig): WebAuthnConfiguration {
  return { UserVerification: 'preferred', ...pool.webAuthn }
}

/** The factors a pool lets USER_AUTH start with; PASSWORD alone where no SignInPolicy was set. */
export function allowedFirstFactors(pool: UserPoolConfig): FirstAuthFactor[] {
  return pool.Policies.SignInPolicy?.AllowedFirstAuthFactors ?? ['PASSWORD']
}

/** Refuses passkey registration in a pool whose sign-in policy does not allow WEB_AUTHN. */
export function assertPasskeysEnabled(pool: UserPoolConfig): void {
  if (!allowedFirstFactors(pool).includes('WEB_AUTHN'))
    throw new WebAuthnNotEnabledException(
      'Passkeys are not enabled: add WEB_AUTHN to the pool’s SignInPolicy.AllowedFirstAuthFactors.',
    )
}

const IP_ADDRESS = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i

/**
 * The relying-party id passkeys of this pool are made for: the configured RelyingPartyId, else
 * the pool's custom domain, else the host the request reached (a pool's issuer host). A relying
 * party must be a domain, so an IP address cannot stand in (WebAuthnConfigurationMissingException).
 */
export async function relyingPartyId(
  services: UserPoolServices,
  pool: UserPoolConfig,
  requestOrigin: string,
): Promise<string> {
  if (pool.webAuthn?.RelyingPartyId) return pool.webAuthn.RelyingPartyId
  const domain = await poolDomain.find(services, pool.Id)
  if (domain?.custom) return domain.Domain.toLowerCase()
  const host = new URL(requestOrigin).hostname.toLowerCase()
  if (IP_ADDRESS.test(host))
    throw new WebAuthnConfigurationMissingException(
      'The user pool has no relying-party id: set WebAuthnConfiguration.RelyingPartyId with SetUserPoolMfaConfig.',
    )
  return host
}

/**
 * Whether a ceremony run on `origin` may serve relying party `rpId`: the origin's host is the id
 * or one of its subdomains, over https; plain http only on localhost, as browsers allow.
 */
export function originServes(origin: string, rpId: string): boolean {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  if (url.origin !== origin) return false
  const host = url.hostname.toLowerCase()
  const local = host === 'localhost' || host.endsWith('.localhost')
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return false
  return host === rpId || host.endsWith(`.${rpId}`)
}
