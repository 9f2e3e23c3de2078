import { signedInReply } from '../http/signed-in-reply'
import { secondFactorChallenge, secondFactorOf } from '../userpool/auth/second-factor'
import { associateSoftwareToken } from '../userpool/mfa/software-token'
import { postAuthentication } from '../userpool/triggers/post-authentication'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../userpool/model'
import type { AuthorizationRequest } from '../userpool/oauth/authorization-request'
import { issueCsrf } from './csrf'
import { page, type AppContext } from './page-support'
import { passkeySetupOffer } from './passkey-offer'
import { MfaSetupPage, SoftwareTokenPage } from './pages/mfa-pages'

/** A hosted-UI sign-in in progress: the authorization request it serves and the form parameters it carries. */
export interface SignInTarget {
  pool: UserPoolConfig
  client: UserPoolClientConfig
  request: AuthorizationRequest
  params: Record<string, string | undefined>
  issuer: string
}

/**
 * Signed in: PostAuthentication (a refusal ends the sign-in before any session or code), a new
 * hosted-UI session (new id, so no fixation), then the code back to the client.
 */
export async function finishSignIn(
  c: AppContext,
  target: SignInTarget,
  user: UserRecord,
  { offerPasskey = true }: { offerPasskey?: boolean } = {},
): Promise<Response> {
  // A user without a passkey, where the pool allows them, is offered one first.
  const offer = offerPasskey ? await passkeySetupOffer(c, target, user) : null
  if (offer) return offer
  await postAuthentication(c.get('runtime').services, target.pool, user, {
    clientId: target.client.ClientId,
  })
  return signedInReply(c.get('runtime').services, target.pool, target.request, user, target.issuer)
}

/**
 * After a proven password: signed in, or the page of the second factor the pool asks for (a code
 * from the user's authenticator, or setting one up when the pool requires MFA).
 */
export async function afterFirstFactorPage(
  c: AppContext,
  target: SignInTarget,
  user: UserRecord,
): Promise<Response> {
  const { services } = c.get('runtime')
  const { pool, client, request, params } = target
  const factor = secondFactorOf(pool, user)
  if (factor === 'none') return finishSignIn(c, target, user)
  const { session } = await secondFactorChallenge(services, pool, client, user, factor)
  if (factor === 'software-token')
    return page(
      c,
      { pool, request },
      <SoftwareTokenPage params={params} csrf={issueCsrf(c)} session={session} />,
    )
  return mfaSetupPage(
    c,
    target,
    user,
    await associateSoftwareToken(services, pool, user.username),
    session,
  )
}

/** The MFA setup page: the key to add to an authenticator app (again, with an error, after a code that did not match). */
export async function mfaSetupPage(
  c: AppContext,
  target: SignInTarget,
  user: UserRecord,
  secret: string,
  session: string,
  error?: string,
): Promise<Response> {
  const { pool, request, params } = target
  return page(
    c,
    { pool, request },
    <MfaSetupPage
      params={params}
      csrf={issueCsrf(c)}
      session={session}
      secret={secret}
      otpauthUri={otpauthUri(pool, user, secret)}
      {...(error ? { error } : {})}
    />,
    error ? 400 : 200,
  )
}

/** The key URI authenticator apps read (Google's otpauth format). */
function otpauthUri(pool: UserPoolConfig, user: UserRecord, secret: string): string {
  const label = `${encodeURIComponent(pool.Name)}:${encodeURIComponent(user.attributes.email ?? user.username)}`
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(pool.Name)}&algorithm=SHA1&digits=6&period=30`
}
