import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { deliver } from '../delivery/deliver'
import type { AuthEvent } from './auth-events'
import { sealFeedbackToken } from './feedback'
import type { NotifyConfiguration, NotifyEmail, TakeoverAction } from './risk-types'

/** Where a notification's one-click links lead: Portcullis's feedback page for the pool. */
export function feedbackLink(
  issuer: string,
  event: Pick<AuthEvent, 'eventId' | 'username'>,
  token: string,
  value: 'valid' | 'invalid',
): string {
  const query = new URLSearchParams({
    username: event.username,
    event_id: event.eventId,
    feedback_token: token,
    feedback_value: value,
  })
  return `${issuer}/auth-event-feedback?${query}`
}

const DEFAULT_EMAIL: Record<'block' | 'mfa' | 'none', NotifyEmail> = {
  block: {
    Subject: 'Blocked sign-in attempt',
    TextBody:
      'We blocked an unrecognized sign-in to your account {username} at {login-time} from {ip-address} ({city}, {country}). ' +
      'If this was you, tell us: {one-click-link-valid}. If it was not: {one-click-link-invalid}.',
  },
  mfa: {
    Subject: 'New sign-in attempt',
    TextBody:
      'We asked for a second factor at an unrecognized sign-in to your account {username} at {login-time} from {ip-address} ({city}, {country}). ' +
      'If this was you: {one-click-link-valid}. If it was not: {one-click-link-invalid}.',
  },
  none: {
    Subject: 'New sign-in',
    TextBody:
      'Your account {username} was signed in to at {login-time} from {ip-address} ({city}, {country}). ' +
      'If this was you: {one-click-link-valid}. If it was not: {one-click-link-invalid}.',
  },
}

/**
 * Tells the user of a risky sign-in by email, with the template the configuration has for what was
 * done (BlockEmail, MfaEmail, NoActionEmail; Portcullis's own text where it has none), filling
 * Cognito's placeholders. Best effort: a user without an email address is not told, and a failed
 * delivery does not change the sign-in's outcome.
 */
export async function notifyUser(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: UserRecord,
  event: AuthEvent,
  action: TakeoverAction,
  configuration: NotifyConfiguration | undefined,
  issuer: string,
): Promise<void> {
  const email = user.attributes.email
  if (!email) return
  const kind = action === 'BLOCK' ? 'block' : action === 'NO_ACTION' ? 'none' : 'mfa'
  const template =
    (kind === 'block'
      ? configuration?.BlockEmail
      : kind === 'mfa'
        ? configuration?.MfaEmail
        : configuration?.NoActionEmail) ?? DEFAULT_EMAIL[kind]
  const token = await sealFeedbackToken(services, pool, user.username, event.eventId)
  const values: Record<string, string> = {
    username: user.username,
    'ip-address': event.signals.ip ?? 'an unknown address',
    city: event.signals.city ?? 'unknown city',
    country: event.signals.country ?? 'unknown country',
    'login-time': new Date(event.at).toISOString(),
    'device-name': event.signals.deviceName ?? 'an unknown device',
    'one-click-link-valid': feedbackLink(issuer, event, token, 'valid'),
    'one-click-link-invalid': feedbackLink(issuer, event, token, 'invalid'),
  }
  const fill = (text: string) =>
    text.replace(/\{([a-z-]+)\}/g, (all, name: string) => values[name] ?? all)
  try {
    await deliver(services, {
      poolId: pool.Id,
      username: user.username,
      purpose: 'ACCOUNT_TAKEOVER_NOTIFICATION',
      medium: 'EMAIL',
      destination: email,
      subject: fill(template.Subject),
      body: fill(template.HtmlBody ?? template.TextBody ?? DEFAULT_EMAIL[kind].TextBody!),
      code: token,
    })
  } catch {
    // A notification is not worth failing a sign-in over.
  }
}
