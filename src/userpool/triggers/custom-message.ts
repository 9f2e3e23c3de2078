import type { CustomMessageTriggerEvent } from 'aws-lambda'
import { InvalidLambdaResponseException } from '../../errors/cognito'
import type { CodePurpose, OutgoingMessage } from '../../messaging/sender'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import { type MessageContext, messageSource } from './custom-sender'
import { configuredTrigger } from './lambda-config'
import { runTrigger } from './run-trigger'
import {
  clientMetadataMember,
  eventBase,
  responseMember,
  triggerUserAttributes,
} from './trigger-event'

/** The placeholders Cognito sends in the event and fills in the function's message. */
export const CODE_PARAMETER = '{####}'
export const USERNAME_PARAMETER = '{username}'
/** Cognito's placeholder for a verification link (pools that verify by link); sent, never filled here. */
const LINK_PARAMETER = '{##Click Here##}'

/** The longest message Cognito sends, in UTF-8 characters, code included (the guide's figures). */
const MAX_LENGTH = { EMAIL: 20_000, SMS: 140 } as const

/** What stands for a verification code when the code is not yet issued: Cognito's are 6 digits. */
const CODE_STAND_IN = '000000'

/** A message the function wrote, placeholders still in it. */
export interface CustomText {
  body: string
  subject?: string
}

/**
 * The custom message trigger, before a code or temporary password is sent: the function's text
 * for the message's medium, or undefined when the pool has none or the function wrote none that
 * can be used, and the pool's own message is sent instead. A text without the code placeholder
 * (and, for AdminCreateUser, the username placeholder) is not used, as the guide requires both.
 * An email text where the pool's EmailSendingAccount is not DEVELOPER is InvalidLambdaResponseException,
 * as the guide says Cognito answers. A text longer than the guide's limit once its code and
 * username are filled in (20,000 characters by email, 140 by SMS) is InvalidLambdaResponseException
 * too: it could not be delivered as written.
 */
export async function customMessage(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: Pick<UserRecord, 'username' | 'sub' | 'status' | 'attributes'>,
  message: Pick<OutgoingMessage, 'medium'> & {
    purpose: CodePurpose
    code?: string
    /** What `{username}` is filled with, when not the username (an invitation's sign-in name). */
    username?: string
  },
  context: MessageContext = {},
): Promise<CustomText | undefined> {
  const trigger = configuredTrigger(pool, 'CustomMessage')
  if (!trigger) return undefined
  const invitation = message.purpose === 'ADMIN_CREATE_USER'
  const triggerSource = `CustomMessage_${messageSource(message.purpose, context)}` as const
  const event: CustomMessageTriggerEvent = {
    ...eventBase(services, pool, triggerSource, user.username, context.caller ?? {}),
    triggerSource,
    request: {
      userAttributes: triggerUserAttributes(pool, user),
      codeParameter: CODE_PARAMETER,
      linkParameter: LINK_PARAMETER,
      usernameParameter: invitation ? USERNAME_PARAMETER : null,
      ...clientMetadataMember(context.clientMetadata),
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  }
  const { response } = await runTrigger(services, trigger, event)
  const smsMessage = responseMember(response, 'smsMessage', 'string')
  const emailMessage = responseMember(response, 'emailMessage', 'string')
  const emailSubject = responseMember(response, 'emailSubject', 'string')
  const fits = (text: CustomText | undefined): CustomText | undefined => {
    if (
      text &&
      renderedLength(text.body, message.code, message.username ?? user.username) >
        MAX_LENGTH[message.medium]
    )
      throw new InvalidLambdaResponseException(
        `Invalid lambda response: the ${message.medium === 'SMS' ? 'smsMessage' : 'emailMessage'} is longer than ${MAX_LENGTH[message.medium]} characters.`,
      )
    return text
  }
  if (message.medium === 'SMS') return fits(usable(smsMessage, invitation))
  if ((emailMessage !== undefined || emailSubject !== undefined) && !sendsOwnEmail(pool))
    throw new InvalidLambdaResponseException(
      'Invalid lambda response: emailMessage and emailSubject need the user pool’s EmailSendingAccount to be DEVELOPER.',
    )
  const body = fits(usable(emailMessage, invitation))?.body
  if (body === undefined) return undefined
  return { body, ...(emailSubject ? { subject: emailSubject } : {}) }
}

/** A text's length in characters (code points) as it will be sent, placeholders filled. */
function renderedLength(text: string, code: string | undefined, username: string): number {
  const filled = text.replace(/\{####\}|\{username\}/g, (placeholder) =>
    placeholder === CODE_PARAMETER ? (code ?? CODE_STAND_IN) : username,
  )
  return [...filled].length
}

function usable(text: string | undefined, invitation: boolean): CustomText | undefined {
  if (!text?.includes(CODE_PARAMETER)) return undefined
  if (invitation && !text.includes(USERNAME_PARAMETER)) return undefined
  return { body: text }
}

/** Whether the pool sends email through its own SES configuration (EmailSendingAccount DEVELOPER). */
function sendsOwnEmail(pool: UserPoolConfig): boolean {
  const email = pool.Extra.EmailConfiguration as { EmailSendingAccount?: unknown } | undefined
  return email?.EmailSendingAccount === 'DEVELOPER'
}
