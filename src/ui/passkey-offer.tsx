import { WebAuthnConfigurationMissingException } from '../errors/cognito'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../userpool/model'
import type { AuthorizationRequest } from '../userpool/oauth/authorization-request'
import { startRegistration } from '../userpool/passkeys/registration'
import { allowedFirstFactors } from '../userpool/passkeys/relying-party'
import { sealSetupTicket } from '../userpool/passkeys/setup-ticket'
import { countCredentials } from '../userpool/store/webauthn-credentials'
import { issueCsrf } from './csrf'
import { page, type AppContext } from './page-support'
import { PasskeySetupPage } from './pages/passkey-pages'

/** The sign-in a passkey is offered in (a hosted-UI sign-in target). */
interface OfferTarget {
  pool: UserPoolConfig
  client: UserPoolClientConfig
  request: AuthorizationRequest
  params: Record<string, string | undefined>
  issuer: string
}

/**
 * The passkey set-up page, where the pool allows passkeys and a signed-in user has none yet: a
 * ticket to finish the sign-in with, and creation options for this origin's relying party (with
 * an error after a failed attempt). Null where no passkey is offered.
 */
export async function passkeySetupOffer(
  c: AppContext,
  target: OfferTarget,
  user: UserRecord,
  {
    ticket,
    error,
    eventId,
  }: { ticket?: string; error?: string; eventId?: string | undefined } = {},
): Promise<Response | null> {
  const { services } = c.get('runtime')
  const { pool, client, request, params } = target
  if (!allowedFirstFactors(pool).includes('WEB_AUTHN')) return null
  if (!error && (await countCredentials(services, pool, user)) > 0) return null
  let options: Awaited<ReturnType<typeof startRegistration>>
  try {
    options = await startRegistration(
      services,
      { pool, client, user },
      new URL(target.issuer).origin,
    )
  } catch (cause) {
    if (cause instanceof WebAuthnConfigurationMissingException) return null
    throw cause
  }
  return page(
    c,
    { pool, request },
    <PasskeySetupPage
      params={params}
      csrf={issueCsrf(c)}
      options={JSON.stringify(options)}
      ticket={ticket ?? (await sealSetupTicket(services, client, user, eventId))}
      {...(error ? { error } : {})}
    />,
    error ? 400 : 200,
    { script: true },
  )
}
