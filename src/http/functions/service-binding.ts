import type { FunctionAnswer, FunctionCall } from '../../userpool/triggers/invoker'

/** A Worker entrypoint's RPC stub: every method takes the event and returns it answered. */
type EntrypointStub = Record<string, unknown>

/**
 * Calls a method of a `WorkerEntrypoint` bound to this Worker as a service: the edge's Lambda,
 * with no network hop. The method gets the event as an object and returns the event; an error
 * it throws is the function's error (its message reaches the caller, as a Lambda's does).
 */
export async function invokeServiceBinding(
  stub: unknown,
  method: string,
  call: FunctionCall,
): Promise<FunctionAnswer> {
  const entrypoint =
    typeof stub === 'object' || typeof stub === 'function' ? (stub as EntrypointStub | null) : null
  // An RPC stub answers every property, so a method it lacks is only known when it is called.
  if (typeof entrypoint?.[method] !== 'function')
    return {
      kind: 'unreachable',
      reason: `the bound service has no method ${method}`,
      retryable: false,
      errorCode: 'ResourceNotFoundException',
    }
  let returned: unknown
  try {
    // Called as a method of the stub: `.call` on an RPC stub would be a remote method named "call".
    const methods = entrypoint as Record<string, (event: unknown) => Promise<unknown>>
    returned = await methods[method]!(JSON.parse(call.payload))
  } catch (error) {
    if (call.signal.aborted) return { kind: 'unreachable', reason: 'aborted', retryable: true }
    return {
      kind: 'function-error',
      message: error instanceof Error ? error.message : String(error),
    }
  }
  return { kind: 'returned', body: JSON.stringify(returned ?? null) }
}
