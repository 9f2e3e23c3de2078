import type { AuthenticationResult } from '../tokens/issue-tokens'

/** What an auth step answers: tokens, or a challenge with its parameters and session. */
export type AuthOutcome =
  | { kind: 'tokens'; result: AuthenticationResult }
  | { kind: 'challenge'; challengeName: 'NEW_PASSWORD_REQUIRED'; parameters: Record<string, string>; session: string }
  /** USER_SRP_AUTH's first answer: its state travels in the sealed SECRET_BLOCK, not a Session. */
  | { kind: 'challenge'; challengeName: 'PASSWORD_VERIFIER'; parameters: Record<string, string> }

/** Where the request came from: the JSON API's issuer origin. */
export interface AuthRequestContext {
  issuer: string
}
