import { signedInReply } from '../http/signed-in-reply'
import {
  poolUnderRisk,
  secondFactorChallenge,
  secondFactorOf,
} from '../userpool/auth/second-factor'
import { requestSignals } from '../http/request-signals'
import { assessSignIn } from '../userpool/risk/assess-sign-in'
import { associateSoftwareToken } from '../userpool/mfa/software-token'
import { postAuthentication } from '../userpool/triggers/post-authentication'
import type { SecondFactorChallengeName, SessionChallenge } from '../userpool/auth/outcome'
import type { UserPoolClientConfig, UserPoolConfig, UserRecord } from '../userpool/model'
import type { AuthorizationRequest } from '../userpool/oauth/authorization-request'
import { issueCsrf } from './csrf'
import { hostedUiDevice, withDeviceCookie } from './device-cookie'
import { page, type AppContext } from './page-support'
import {
  FactorMissingPage,
  MfaSetupPage,
  SelectFactorPage,
  SentCodePage,
  SoftwareTokenPage,
} from './pages/mfa-pages'
import { passkeySetupOffer } from './passkey-offer'

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
 * hosted-UI session (new id, so no fixation), then the code back to the client. `eventId` is the
 * sign-in's risk event, which the session, the code and so the tokens carry as `event_id`.
 */
export async function finishSignIn(
  c: AppContext,
  target: SignInTarget,
  user: UserRecord,
  { offerPasskey = true, eventId }: { offerPasskey?: boolean; eventId?: string | undefined } = {},
): Promise<Response> {
  // A user without a passkey, where the pool allows them, is offered one first.
  const offer = offerPasskey ? await passkeySetupOffer(c, target, user, { eventId }) : null
  if (offer) return offer
  await postAuthentication(c.get('runtime').services, target.pool, user, {
    clientId: target.client.ClientId,
  })
  return signedInReply(
    c.get('runtime').services,
    target.pool,
    target.request,
    user,
    target.issuer,
    eventId,
  )
}

/**
 * After a proven password: adaptive authentication's decision (as afterFirstFactor takes it for
 * the JSON API), then signed in, or the page of the second factor the pool or the risk asks for (a
 * code from their authenticator, a code sent by SMS or email, a choice between factors, or
 * setting an authenticator up).
 */
export async function afterFirstFactorPage(
  c: AppContext,
  target: SignInTarget,
  user: UserRecord,
  { compromisedCredentials = false, satisfiesMfa = false } = {},
): Promise<Response> {
  const { services } = c.get('runtime')
  const { pool, client } = target
  const device = await hostedUiDevice(services, c.req.raw)
  const risk = await assessSignIn(services, pool, client, user, {
    signals: { ...requestSignals(c.req.raw), deviceId: device.deviceId },
    issuer: target.issuer,
    ...(compromisedCredentials ? { compromisedCredentials } : {}),
  })
  const asked = poolUnderRisk(pool, user, risk?.action)
  // A passkey verified as the pool asks stands for the second factor too, as in afterFirstFactor;
  // threat protection still assesses (and may block) the sign-in.
  const factor = satisfiesMfa ? 'none' : secondFactorOf(asked, user)
  if (factor === 'none')
    return withDeviceCookie(await finishSignIn(c, target, user, { eventId: risk?.eventId }), device)
  const challenge = await secondFactorChallenge(services, asked, client, user, factor, {
    caller: { clientId: client.ClientId },
    ...(risk ? { eventId: risk.eventId } : {}),
  })
  return withDeviceCookie(await secondFactorPage(c, target, user, challenge), device)
}

/** The page for a second-factor challenge (also after a SELECT_MFA_TYPE choice). */
export async function secondFactorPage(
  c: AppContext,
  target: SignInTarget,
  user: UserRecord,
  challenge: SessionChallenge<SecondFactorChallengeName>,
): Promise<Response> {
  const { services } = c.get('runtime')
  const { pool, request, params } = target
  const { session } = challenge
  switch (challenge.challengeName) {
    case 'SOFTWARE_TOKEN_MFA':
      return page(
        c,
        { pool, request },
        <SoftwareTokenPage params={params} csrf={issueCsrf(c)} session={session} />,
      )
    case 'SMS_MFA':
    case 'EMAIL_OTP':
      return page(
        c,
        { pool, request },
        <SentCodePage
          params={params}
          csrf={issueCsrf(c)}
          session={session}
          challenge={challenge.challengeName}
          destination={challenge.parameters.CODE_DELIVERY_DESTINATION ?? ''}
        />,
      )
    case 'SELECT_MFA_TYPE':
      return page(
        c,
        { pool, request },
        <SelectFactorPage
          params={params}
          csrf={issueCsrf(c)}
          session={session}
          choices={JSON.parse(challenge.parameters.MFAS_CAN_CHOOSE ?? '[]') as string[]}
        />,
      )
    case 'MFA_SETUP':
      if (!pool.softwareTokenMfa) return page(c, { pool, request }, <FactorMissingPage />, 400)
      return mfaSetupPage(
        c,
        target,
        user,
        await associateSoftwareToken(services, pool, user.username),
        session,
      )
  }
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
