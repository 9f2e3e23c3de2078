/** The threat-protection configuration as Cognito's RiskConfigurationType shapes it. */

/** AccountTakeoverEventActionType, from least to most strict. */
export const TAKEOVER_ACTIONS = ['NO_ACTION', 'MFA_IF_CONFIGURED', 'MFA_REQUIRED', 'BLOCK'] as const
export type TakeoverAction = (typeof TAKEOVER_ACTIONS)[number]

/** AccountTakeoverActionType: what a risk level does, and whether the user is told. */
export interface LevelAction {
  Notify: boolean
  EventAction: TakeoverAction
}

/** NotifyEmailType: one notification template. */
export interface NotifyEmail {
  Subject: string
  HtmlBody?: string
  TextBody?: string
}

export interface NotifyConfiguration {
  From?: string
  ReplyTo?: string
  SourceArn: string
  BlockEmail?: NotifyEmail
  NoActionEmail?: NotifyEmail
  MfaEmail?: NotifyEmail
}

export interface AccountTakeoverRiskConfiguration {
  NotifyConfiguration?: NotifyConfiguration
  Actions: { LowAction?: LevelAction; MediumAction?: LevelAction; HighAction?: LevelAction }
}

export type CompromisedCredentialsEvent = 'SIGN_IN' | 'PASSWORD_CHANGE' | 'SIGN_UP'

export interface CompromisedCredentialsRiskConfiguration {
  EventFilter?: CompromisedCredentialsEvent[]
  Actions: { EventAction: 'BLOCK' | 'NO_ACTION' }
}

export interface RiskExceptionConfiguration {
  BlockedIPRangeList?: string[]
  SkippedIPRangeList?: string[]
}

/** RiskConfigurationType as stored: for one app client, or the pool's own (`ALL`). */
export interface RiskConfiguration {
  target: string
  AccountTakeoverRiskConfiguration?: AccountTakeoverRiskConfiguration
  CompromisedCredentialsRiskConfiguration?: CompromisedCredentialsRiskConfiguration
  RiskExceptionConfiguration?: RiskExceptionConfiguration
  /** Epoch milliseconds. */
  LastModifiedDate: number
}
