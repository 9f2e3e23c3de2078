import { Arn } from '../../validation/cognito-shapes'
import { boolean, enumeration, list, string, structure } from '../../validation/shape'

const NotifyEmail = structure(
  {
    Subject: string({ min: 1, max: 140, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s]+' }),
    HtmlBody: string({ min: 6, max: 20000, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]+' }),
    TextBody: string({ min: 6, max: 20000, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]+' }),
  },
  ['Subject'],
)

const LevelAction = structure(
  {
    Notify: boolean(),
    EventAction: enumeration(['BLOCK', 'MFA_IF_CONFIGURED', 'MFA_REQUIRED', 'NO_ACTION']),
  },
  ['Notify', 'EventAction'],
)

/** AccountTakeoverRiskConfigurationType. */
export const AccountTakeoverRiskConfiguration = structure(
  {
    NotifyConfiguration: structure(
      {
        From: string({ max: 131072 }),
        ReplyTo: string({ max: 131072 }),
        SourceArn: Arn,
        BlockEmail: NotifyEmail,
        NoActionEmail: NotifyEmail,
        MfaEmail: NotifyEmail,
      },
      ['SourceArn'],
    ),
    Actions: structure({
      LowAction: LevelAction,
      MediumAction: LevelAction,
      HighAction: LevelAction,
    }),
  },
  ['Actions'],
)

/** CompromisedCredentialsRiskConfigurationType. */
export const CompromisedCredentialsRiskConfiguration = structure(
  {
    EventFilter: list(enumeration(['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'])),
    Actions: structure({ EventAction: enumeration(['BLOCK', 'NO_ACTION']) }, ['EventAction']),
  },
  ['Actions'],
)

/** RiskExceptionConfigurationType (ranges are checked as CIDR by the domain). */
export const RiskExceptionConfiguration = structure({
  BlockedIPRangeList: list(string({ max: 131072 }), { max: 200 }),
  SkippedIPRangeList: list(string({ max: 131072 }), { max: 200 }),
})

export const EventId = string({ min: 1, max: 50, pattern: '[\\w+-]+' })
export const FeedbackValue = enumeration(['Valid', 'Invalid'])
export const FeedbackToken = string({ pattern: '[A-Za-z0-9-_=.]+' })
