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
 * An event with volatile values (pool id, client id, sub) replaced by named placeholders, for
 * comparing it with a golden file: every string equal to a key of `names` becomes `<value>`.
 */
export function withPlaceholders(event: unknown, names: Record<string, string>): unknown {
  if (typeof event === 'string') return event in names ? `<${names[event]}>` : event
  if (Array.isArray(event)) return event.map((item) => withPlaceholders(item, names))
  if (event && typeof event === 'object')
    return Object.fromEntries(
      Object.entries(event).map(([key, value]) => [key, withPlaceholders(value, names)]),
    )
  return event
}
