import type { Context } from 'hono'
import type { Runtime } from '../config'
import { poolIdForHost } from '../userpool/domains/domains'
import { validateAuthorizationRequest } from '../userpool/oauth/authorization-request'
import { jsx, type Child } from 'hono/jsx'
import { LocalSignInDisabled } from '../errors/hosted-ui'
import { offersLocalSignIn } from '../userpool/clients/clients'
import type { UserPoolClientConfig, UserPoolConfig } from '../userpool/model'
import type { AuthorizationRequest } from '../userpool/oauth/authorization-request'
import { getUICustomization } from '../userpool/branding/ui-customization'
import { BrandingContext, pageHeaders, type Branding } from './layout'

export type AppContext = Context<{ Variables: { runtime: Runtime } }>

/** Every hosted-UI page belongs to a valid authorization request: validate it the way authorize does. */
export async function authorizationFor(c: AppContext, params: Record<string, string | undefined>) {
  const runtime = c.get('runtime')
  const origin = runtime.publicOrigin ?? new URL(c.req.url).origin
  const issuer = (poolId: string) => `${origin}/${poolId}`
  const hostPool = await poolIdForHost(runtime.services, new URL(c.req.url).host)
  return {
    ...(await validateAuthorizationRequest(runtime.services, params, hostPool, issuer)),
    issuer,
  }
}

/** Renders a hosted-UI page with the client's (or pool's) branding and the page security headers. */
export async function page(
  c: AppContext,
  target: { pool: UserPoolConfig; request: AuthorizationRequest },
  body: Child,
  status: 200 | 400 = 200,
  options: { script?: boolean } = {},
): Promise<Response> {
  const customization = await getUICustomization(
    c.get('runtime').services,
    target.pool,
    target.request.clientId,
  )
  const branding: Branding = {
    ...(customization?.CSS ? { css: customization.CSS } : {}),
    ...(customization?.logo
      ? {
          logoUrl: `/_ui/logo/${customization.UserPoolId}/${customization.ClientId}?v=${customization.LastModifiedDate}`,
        }
      : {}),
  }
  const html = await jsx(BrandingContext.Provider, { value: branding }, body).toString()
  return c.html(`<!doctype html>${html}`, status, pageHeaders(target.request.redirectUri, options))
}

/** Pages that take a password or a code: refused for a client that signs in only upstream. */
export function requireLocalSignIn(client: UserPoolClientConfig): void {
  if (!offersLocalSignIn(client)) throw new LocalSignInDisabled()
}
