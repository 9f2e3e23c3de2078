import type { UserAuthChoice } from './user-auth-session'
import type { TriggerCaller } from '../triggers/trigger-event'
import type { AuthenticationResult, SignInTriggers } from '../tokens/issue-tokens'
import type { SignInTriggerInput } from '../triggers/user-migration'
import type { RequestSignals } from '../risk/signals'

/** The challenges of a second factor (see second-factor.ts). */
export type SecondFactorChallengeName =
  | 'SOFTWARE_TOKEN_MFA'
  | 'SMS_MFA'
  | 'EMAIL_OTP'
  | 'SELECT_MFA_TYPE'
  | 'MFA_SETUP'

/** A challenge whose state travels in a sealed Session. */
export interface SessionChallenge<Name extends string> {
  kind: 'challenge'
  challengeName: Name
  parameters: Record<string, string>
  session: string
}

/** USER_SRP_AUTH's first answer: its state travels in the sealed SECRET_BLOCK, not a Session. */
export interface SrpPasswordVerifierChallenge {
  kind: 'challenge'
  challengeName: 'PASSWORD_VERIFIER'
  parameters: Record<string, string>
}

/** What an auth step answers: tokens, or a challenge with its parameters and session. */
export type AuthOutcome =
  | { kind: 'tokens'; result: AuthenticationResult }
  | SessionChallenge<'NEW_PASSWORD_REQUIRED' | SecondFactorChallengeName>
  /** A known device's SRP exchange (pools that track devices). */
  | SessionChallenge<'DEVICE_SRP_AUTH' | 'DEVICE_PASSWORD_VERIFIER'>
  | SrpPasswordVerifierChallenge
  /** CUSTOM_AUTH's challenges; under CUSTOM_AUTH a PASSWORD_VERIFIER carries a Session too. */
  | SessionChallenge<'CUSTOM_CHALLENGE' | 'PASSWORD_VERIFIER'>
  /** USER_AUTH's challenges: a choice to make (with AvailableChallenges), or the one chosen. */
  | (SessionChallenge<'SELECT_CHALLENGE'> & { availableChallenges: UserAuthChoice[] })
  | SessionChallenge<'WEB_AUTHN' | 'EMAIL_OTP' | 'SMS_OTP'>

/** Where the request came from: the JSON API's issuer origin; who asked, for the triggers. */
export interface AuthRequestContext extends SignInTriggerInput {
  issuer: string
  /** The app client and SDK, as `callerContext` names them. */
  caller?: TriggerCaller
  /**
   * The request's ClientMetadata, for the triggers that receive it: InitiateAuth's reaches
   * PreAuthentication (as validationData) and UserMigration; RespondToAuthChallenge's reaches
   * PostAuthentication and PreTokenGeneration. A step that completes a sign-in begun in
   * InitiateAuth clears it first.
   */
  clientMetadata?: Record<string, string>
  /** The DEVICE_KEY the request presented (AuthParameters or ChallengeResponses). */
  deviceKey?: string
  /** The caller's address, kept as a device's last IP. */
  sourceIp?: string
  /** Set when the tokens answer NEW_PASSWORD_REQUIRED. */
  tokenSource?: SignInTriggers['source']
  /** Where the request comes from, for threat protection (src/userpool/risk). */
  signals?: RequestSignals
  /** Custom authentication, which threat protection judges by AdvancedSecurityAdditionalFlows. */
  riskFlow?: 'custom'
  /** The password just proven is known to be breached (recorded on the sign-in's event). */
  compromisedCredentials?: boolean
  /** The sign-in's auth event, once threat protection has recorded it: the tokens' `event_id`. */
  eventId?: string
}

/** What a sign-in that completes with this request tells PostAuthentication and PreTokenGeneration. */
export function signInTriggers(context: AuthRequestContext): SignInTriggers {
  return {
    ...(context.caller ? { caller: context.caller } : {}),
    ...(context.clientMetadata ? { clientMetadata: context.clientMetadata } : {}),
    ...(context.tokenSource ? { source: context.tokenSource } : {}),
    ...(context.eventId ? { eventId: context.eventId } : {}),
  }
}
