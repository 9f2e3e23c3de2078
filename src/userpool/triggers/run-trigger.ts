import {
  InvalidLambdaResponseException,
  UnexpectedLambdaException,
  UserLambdaValidationException,
} from '../../errors/cognito'
import type { UserPoolServices } from '../services'
import type { FunctionAnswer } from './invoker'
import type { ConfiguredTrigger } from './lambda-config'

/** Cognito waits 5 s for each attempt and makes at most three. */
const ATTEMPTS = 3
const TRIGGER_BUDGET_MS = 5_000

/** An event as every trigger receives it: the common members, then its own request and response. */
export interface TriggerEventBase {
  version: string
  triggerSource: string
  region: string
  userPoolId: string
  userName: string
  callerContext: { awsSdkVersion: string; clientId: string }
  request: object
  response: object
}

/**
 * Sends an event to a trigger's function and returns the event it answered with. Synchronous,
 * as Cognito's: each attempt has the budget, an attempt that could not reach the function is made
 * again (three in all), and an answer that is not an event with a `response` object is refused.
 * The function's own error surfaces as UserLambdaValidationException with its message; anything
 * else as UnexpectedLambdaException. The caller writes nothing before this returns.
 */
export async function runTrigger<Event extends TriggerEventBase>(
  services: UserPoolServices,
  trigger: ConfiguredTrigger,
  event: Event,
): Promise<Event> {
  const payload = JSON.stringify(event)
  let answer: FunctionAnswer | undefined
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    answer = await attemptOnce(services, trigger.arn, payload)
    if (answer.kind !== 'unreachable' || !answer.retryable) break
  }
  if (!answer || answer.kind === 'unreachable') {
    const reason = answer?.reason ?? 'no answer'
    // The reason may name the deployment's configuration: it goes to the log, and a refusal
    // reaches the client as Cognito words it, by its code alone.
    console.error(`${trigger.name} (${trigger.arn}) could not be invoked: ${reason}`)
    throw new UnexpectedLambdaException(
      answer?.errorCode
        ? `${trigger.name} invocation failed due to error ${answer.errorCode}.`
        : `${trigger.name} failed with error ${reason}.`,
      { detail: `${trigger.arn}: ${reason}` },
    )
  }
  if (answer.kind === 'function-error')
    throw new UserLambdaValidationException(`${trigger.name} failed with error ${answer.message}.`)
  if (answer.kind === 'invalid-answer')
    throw new InvalidLambdaResponseException('Unrecognizable lambda output', {
      detail: `${trigger.arn}: ${answer.reason}`,
    })
  return parseReturnedEvent(answer.body, event)
}

/** One attempt at a function within the trigger budget: an attempt that runs over it is aborted. */
export async function attemptOnce(
  services: Pick<UserPoolServices, 'functions' | 'triggerBudgetMs'>,
  arn: string,
  payload: string,
): Promise<FunctionAnswer> {
  const controller = new AbortController()
  const budget = services.triggerBudgetMs ?? TRIGGER_BUDGET_MS
  let timer: ReturnType<typeof setTimeout> | undefined
  const timedOut = new Promise<FunctionAnswer>((resolve) => {
    timer = setTimeout(() => {
      controller.abort()
      resolve({
        kind: 'unreachable',
        reason: 'Socket timeout while invoking Lambda function',
        retryable: true,
        timedOut: true,
      })
    }, budget)
  })
  try {
    return await Promise.race([
      services.functions.invoke({ arn, payload, signal: controller.signal }).catch(
        (error: unknown): FunctionAnswer => ({
          kind: 'unreachable',
          reason: error instanceof Error ? error.message : 'invocation failed',
          retryable: true,
        }),
      ),
      timedOut,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** The function's answer, if it is the event sent with a `response` object; its other members are the sent ones. */
function parseReturnedEvent<Event extends TriggerEventBase>(body: string, sent: Event): Event {
  let returned: unknown
  try {
    returned = JSON.parse(body)
  } catch {
    throw new InvalidLambdaResponseException('Unrecognizable lambda output')
  }
  if (typeof returned !== 'object' || returned === null || Array.isArray(returned))
    throw new InvalidLambdaResponseException('Unrecognizable lambda output')
  const response = (returned as { response?: unknown }).response
  if (typeof response !== 'object' || response === null || Array.isArray(response))
    throw new InvalidLambdaResponseException('Unrecognizable lambda output')
  // Only the response is read back: a function cannot rewrite who the event is about.
  return { ...sent, response: { ...sent.response, ...response } }
}
