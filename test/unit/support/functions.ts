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
 * An event with its volatile values (sub, client id, pool id…) replaced by `<name>` placeholders,
 * to compare with a golden event under test/unit/triggers/golden/.
 */
export function withPlaceholders(event: unknown, values: Record<string, string>): unknown {
  const swap = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const name = Object.keys(values).find((key) => values[key] === value)
      return name ? `<${name}>` : value
    }
    if (Array.isArray(value)) return value.map(swap)
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]))
    return value
  }
  return swap(event)
}

/** The golden event of a triggerSource, as Cognito sends it (test/unit/triggers/golden/<source>.json). */
export function goldenEvent(triggerSource: string): unknown {
  return JSON.parse(readFileSync(`test/unit/triggers/golden/${triggerSource}.json`, 'utf8'))
}
