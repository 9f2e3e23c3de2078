import { describe, expect, it } from 'vitest'
import {
  InvalidLambdaResponseException,
  UnexpectedLambdaException,
  UserLambdaValidationException,
} from '../../../src/errors/cognito'
import type { FunctionAnswer } from '../../../src/userpool/triggers/invoker'
import { runTrigger, type TriggerEventBase } from '../../../src/userpool/triggers/run-trigger'
import { testServices } from '../support/user-pool'

const trigger = {
  name: 'PreSignUp' as const,
  arn: 'arn:aws:lambda:us-east-1:123456789012:function:f',
  version: 1 as const,
}
const event: TriggerEventBase = {
  version: '1',
  triggerSource: 'PreSignUp_SignUp',
  region: 'us-east-1',
  userPoolId: 'us-east-1_x',
  userName: 'u',
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'c' },
  request: { userAttributes: {} },
  response: { autoConfirmUser: false },
}

/** Services whose one function answers with each of `answers` in turn (the last one repeating). */
function answering(...answers: Array<FunctionAnswer | 'hang'>) {
  const { services } = testServices()
  let attempts = 0
  services.functions = {
    invoke: ({ signal }) => {
      const answer = answers[Math.min(attempts++, answers.length - 1)]!
      if (answer !== 'hang') return Promise.resolve(answer)
      return new Promise((resolve) =>
        signal.addEventListener('abort', () =>
          resolve({ kind: 'unreachable', reason: 'aborted', retryable: true }),
        ),
      )
    },
  }
  return { services, attempts: () => attempts }
}

describe('a trigger call', () => {
  it('returns the event with the response the function set, and only the response', async () => {
    const { services } = answering({
      kind: 'returned',
      body: JSON.stringify({
        ...event,
        userName: 'someone-else',
        response: { autoConfirmUser: true },
      }),
    })
    const answered = await runTrigger(services, trigger, event)
    expect(answered.response).toEqual({ autoConfirmUser: true })
    expect(answered.userName).toBe('u')
  })

  it("surfaces the function's own error with its message, after one attempt", async () => {
    const { services, attempts } = answering({
      kind: 'function-error',
      message: 'No sign-ups from example.net',
    })
    await expect(runTrigger(services, trigger, event)).rejects.toThrow(
      new UserLambdaValidationException(
        'PreSignUp failed with error No sign-ups from example.net.',
      ),
    )
    expect(attempts()).toBe(1)
  })

  it('tries three times when the function cannot be reached, then gives up', async () => {
    const { services, attempts } = answering({
      kind: 'unreachable',
      reason: 'connection refused',
      retryable: true,
    })
    await expect(runTrigger(services, trigger, event)).rejects.toThrow(UnexpectedLambdaException)
    expect(attempts()).toBe(3)
  })

  it('succeeds on a later attempt after a transient failure', async () => {
    const { services, attempts } = answering(
      { kind: 'unreachable', reason: '503', retryable: true },
      { kind: 'returned', body: JSON.stringify(event) },
    )
    await expect(runTrigger(services, trigger, event)).resolves.toEqual(event)
    expect(attempts()).toBe(2)
  })

  it('does not retry a refusal that another attempt would not change', async () => {
    const { services, attempts } = answering({
      kind: 'unreachable',
      reason: 'no such function',
      retryable: false,
    })
    await expect(runTrigger(services, trigger, event)).rejects.toMatchObject({
      code: 'UnexpectedLambdaException',
      message: 'PreSignUp failed with error no such function.',
    })
    expect(attempts()).toBe(1)
  })

  it('abandons an attempt that outlives its budget, three times over', async () => {
    const { services, attempts } = answering('hang')
    await expect(runTrigger(services, trigger, event)).rejects.toMatchObject({
      code: 'UnexpectedLambdaException',
      message: 'PreSignUp failed with error Socket timeout while invoking Lambda function.',
    })
    expect(attempts()).toBe(3)
  })

  it.each([
    ['not JSON', 'hello'],
    ['null', 'null'],
    ['an array', '[]'],
    ['an event without a response', JSON.stringify({ ...event, response: undefined })],
    ['a response that is a string', JSON.stringify({ ...event, response: 'yes' })],
  ])('refuses an answer that is %s', async (_what, body) => {
    const { services } = answering({ kind: 'returned', body })
    await expect(runTrigger(services, trigger, event)).rejects.toThrow(
      new InvalidLambdaResponseException('Unrecognizable lambda output'),
    )
  })
})
