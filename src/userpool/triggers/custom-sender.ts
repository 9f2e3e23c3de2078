import type { CustomEmailSenderTriggerEvent, CustomSMSSenderTriggerEvent } from 'aws-lambda'
import { toBase64, utf8 } from '../../crypto/encoding'
import { encryptMessage } from '../../crypto/esdk-message'
import { sealDataKey } from '../../crypto/kms-ciphertext'
import type { OutgoingMessage } from '../../messaging/sender'
import type { UserPoolConfig, UserRecord } from '../model'
import type { UserPoolServices } from '../services'
import type { FunctionAnswer } from './invoker'
import { configuredTrigger } from './lambda-config'
import { attemptOnce } from './run-trigger'
import {
  clientMetadataMember,
  eventBase,
  type TriggerCaller,
  triggerUserAttributes,
} from './trigger-event'

/** What a message's event says beyond the message itself: who asked, and why. */
export interface MessageContext {
  caller?: TriggerCaller
  clientMetadata?: Record<string, string>
  /** A code for an attribute the user is changing (UpdateUserAttributes), not one they asked to verify. */
  attributeUpdate?: boolean
}

type SenderSource =
  | 'SignUp'
  | 'ResendCode'
  | 'ForgotPassword'
  | 'VerifyUserAttribute'
  | 'UpdateUserAttribute'
  | 'AdminCreateUser'
  | 'Authentication'

const SOURCE: Record<OutgoingMessage['purpose'], SenderSource> = {
  SIGN_UP: 'SignUp',
  RESEND_CODE: 'ResendCode',
  FORGOT_PASSWORD: 'ForgotPassword',
  VERIFY_ATTRIBUTE: 'VerifyUserAttribute',
  ADMIN_CREATE_USER: 'AdminCreateUser',
  AUTHENTICATION: 'Authentication',
}

/** The part of a message trigger's triggerSource that says why the message is sent. */
export const messageSource = (
  purpose: OutgoingMessage['purpose'],
  context: Pick<MessageContext, 'attributeUpdate'>,
): SenderSource =>
  purpose === 'VERIFY_ATTRIBUTE' && context.attributeUpdate
    ? 'UpdateUserAttribute'
    : SOURCE[purpose]

/** The ARN of a KMS key (not an alias): what the Encryption SDK's keyring names a data key by. */
const KMS_KEY_ARN = /^arn:[\w-]+:kms:[\w-]+:\d{12}:key\/[\w-]+$/

/** Cognito sends each event at most three times when the function cannot be reached. */
const ATTEMPTS = 3

/** The encryption context of every code: the pool it was issued in. */
const encryptionContextOf = (pool: UserPoolConfig): Record<string, string> => ({
  'userpool-id': pool.Id,
})

/** Cognito HTML-escapes a temporary password sent to a custom email sender; the function unescapes it. */
const htmlEscaped = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  )

/**
 * `code` as the custom sender receives it: an AWS Encryption SDK message (base64) whose one data
 * key is a KMS key of provider `aws-kms` for the pool's KMSKeyID, sealed so that only this
 * deployment's KMS Decrypt opens it, and only with the pool's encryption context.
 */
async function encryptedCode(
  services: UserPoolServices,
  pool: UserPoolConfig,
  keyArn: string,
  code: string,
): Promise<string> {
  const encryptionContext = encryptionContextOf(pool)
  const message = await encryptMessage({
    plaintext: utf8(code),
    encryptionContext,
    wrap: async (dataKey) => ({
      providerId: 'aws-kms',
      providerInfo: keyArn,
      ciphertext: await sealDataKey(services.sealer, keyArn, encryptionContext, dataKey),
    }),
  })
  return toBase64(message)
}

/**
 * Sends a message through the pool's custom sender for its medium (CustomEmailSender or
 * CustomSMSSender) instead of the normal delivery. Returns false when the pool has none, and the
 * caller delivers the message as usual; true when the sender takes its place, whatever comes of it.
 *
 * Cognito invokes custom senders asynchronously: the API's answer neither waits for nor depends on
 * them, and a failure is the function's to log. So the code is encrypted and the function called
 * after the answer (`afterAnswer`); a failure is only logged, and the message is not sent another
 * way.
 */
export function sendThroughCustomSender(
  services: UserPoolServices,
  pool: UserPoolConfig,
  user: Pick<UserRecord, 'username' | 'sub' | 'status' | 'attributes'>,
  message: Pick<OutgoingMessage, 'purpose' | 'medium' | 'code'>,
  context: MessageContext = {},
): boolean {
  const email = message.medium === 'EMAIL'
  const trigger = configuredTrigger(pool, email ? 'CustomEmailSender' : 'CustomSMSSender')
  if (!trigger) return false
  const triggerSource = `${trigger.name}_${messageSource(message.purpose, context)}` as const
  // The event describes the user as they are now, not as they are when the function runs.
  const userAttributes = triggerUserAttributes(pool, user)
  const base = eventBase(services, pool, triggerSource, user.username, context.caller ?? {})
  const send = async () => {
    const keyArn = (pool.Extra.LambdaConfig as { KMSKeyID?: unknown } | undefined)?.KMSKeyID
    if (typeof keyArn !== 'string' || !KMS_KEY_ARN.test(keyArn))
      throw new Error('LambdaConfig.KMSKeyID is not the ARN of a KMS key to encrypt the code under')
    const secret =
      message.code === undefined
        ? undefined
        : email && message.purpose === 'ADMIN_CREATE_USER'
          ? htmlEscaped(message.code)
          : message.code
    const event: CustomEmailSenderTriggerEvent | CustomSMSSenderTriggerEvent = {
      ...base,
      triggerSource: triggerSource as CustomEmailSenderTriggerEvent['triggerSource'] &
        CustomSMSSenderTriggerEvent['triggerSource'],
      request: {
        type: email ? 'customEmailSenderRequestV1' : 'customSMSSenderRequestV1',
        code: secret === undefined ? null : await encryptedCode(services, pool, keyArn, secret),
        userAttributes,
        ...clientMetadataMember(context.clientMetadata),
      },
      response: {},
    }
    const answer = await invokeAsCognitoWould(services, trigger.arn, JSON.stringify(event))
    if (answer.kind === 'function-error') throw new Error(`the function failed: ${answer.message}`)
    if (answer.kind === 'unreachable') throw new Error(answer.reason)
  }
  services.afterAnswer(
    send().catch((error: unknown) => {
      console.error(
        `${triggerSource} for ${pool.Id} (${trigger.arn}) failed: ${error instanceof Error ? error.message : String(error)}`,
      )
    }),
  )
  return true
}

/** Up to three attempts while the function cannot be reached; what it returns is not read. */
async function invokeAsCognitoWould(
  services: UserPoolServices,
  arn: string,
  payload: string,
): Promise<FunctionAnswer> {
  let answer: FunctionAnswer = { kind: 'unreachable', reason: 'no attempt', retryable: true }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    answer = await attemptOnce(services, arn, payload)
    if (answer.kind !== 'unreachable' || !answer.retryable) break
  }
  return answer
}
