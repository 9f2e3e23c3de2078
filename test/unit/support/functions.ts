import { readFileSync } from 'node:fs'
import type { FunctionInvoker } from '../../../src/userpool/triggers/invoker'

/** A trigger handler as a unit test writes it: the event in, the event (or a promise of it) out. */
// biome-ignore lint/suspicious/noExplicitAny: handlers read whatever members their trigger has
export type TestHandler = (event: any) => unknown

/**
 * Functions by ARN, in process: each event is sent and answered as JSON, as it would be over the
 * wire, and a handler's throw is the function's error. `calls` records every event sent.
 */
export function testFunctions(handlers: Record<string, TestHandler> = {}) {
  // biome-ignore lint/suspicious/noExplicitAny: recorded events are read by the test's expectations
  const calls: Array<{ arn: string; event: any }> = []
  const invoker: FunctionInvoker = {
    async invoke(call) {
      const handler = handlers[call.arn]
      const event = JSON.parse(call.payload)
      calls.push({ arn: call.arn, event: JSON.parse(call.payload) })
      if (!handler)
        return { kind: 'unreachable', reason: `no function ${call.arn}`, retryable: false }
      try {
        const returned = await handler(event)
        return { kind: 'returned', body: JSON.stringify(returned ?? null) }
      } catch (error) {
        return { kind: 'function-error', message: (error as Error).message }
      }
    },
  }
  return { invoker, calls, handlers }
}

/**
 * An event as a golden file holds it: each volatile value (pool id, client id, sub) replaced by
 * its placeholder, e.g. `{ '<userPoolId>': pool.Id }`.
 */
export function withPlaceholders(event: unknown, placeholders: Record<string, string>): unknown {
  let text = JSON.stringify(event)
  for (const [placeholder, value] of Object.entries(placeholders))
    text = text.split(value).join(placeholder)
  return JSON.parse(text)
}

/** The golden event of a triggerSource, as Cognito sends it (test/unit/triggers/golden/<source>.json). */
export function goldenEvent(triggerSource: string): unknown {
  return JSON.parse(readFileSync(`test/unit/triggers/golden/${triggerSource}.json`, 'utf8'))
}
