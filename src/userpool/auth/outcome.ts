import type { AuthenticationResult, SignInTriggers } from '../tokens/issue-tokens'
import type { TriggerCaller } from '../triggers/trigger-event'

/** A challenge whose state travels in a sealed Session. */
export interface SessionChallenge<Name extends string> {
  kind: 'challenge'
  challengeName: Name
  parameters: Record<string, string>
  session: string
}

/** What an auth step answers: tokens, or a challenge with its parameters and session. */
export type AuthOutcome =
  | { kind: 'tokens'; result: AuthenticationResult }
  | SessionChallenge<'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP'>
  /** USER_SRP_AUTH's first answer: its state travels in the sealed SECRET_BLOCK, not a Session. */
  | { kind: 'challenge'; challengeName: 'PASSWORD_VERIFIER'; parameters: Record<string, string> }

/** Where the request came from: the JSON API's issuer origin, and what its triggers are told. */
export interface AuthRequestContext {
  issuer: string
  /** The SDK that sent the request (the client id is the app client's). */
  caller?: TriggerCaller
  /** InitiateAuth's ClientMetadata: PreAuthentication's validationData. */
  validationData?: Record<string, string>
  /** RespondToAuthChallenge's (and GetTokensFromRefreshToken's) ClientMetadata. */
  clientMetadata?: Record<string, string>
  /** Set when the tokens answer NEW_PASSWORD_REQUIRED. */
  tokenSource?: SignInTriggers['source']
}

/** What a sign-in that completes with this request tells PostAuthentication and PreTokenGeneration. */
export function signInTriggers(context: AuthRequestContext): SignInTriggers {
  return {
    ...(context.caller ? { caller: context.caller } : {}),
    ...(context.clientMetadata ? { clientMetadata: context.clientMetadata } : {}),
    ...(context.tokenSource ? { source: context.tokenSource } : {}),
  }
}
