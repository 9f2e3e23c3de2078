/**
 * How a trigger's function is reached: the port the user-pool domain calls, implemented at the
 * edge by a service binding, a signed webhook or the Lambda Invoke API (chosen by ARN in the
 * configuration). One attempt per call; the budget and the retries are the domain's.
 */
export interface FunctionInvoker {
  invoke(call: FunctionCall): Promise<FunctionAnswer>
}

/** One attempt at one function. */
export interface FunctionCall {
  /** The ARN the pool's LambdaConfig names. */
  arn: string
  /** The event, as JSON text. */
  payload: string
  /** Aborted when the attempt's budget is spent. */
  signal: AbortSignal
}

/**
 * What an attempt came to: the function's return value (JSON text), an error the function itself
 * raised (its message), a failure to reach it that is worth another attempt (or not), or an
 * answer that cannot be the event (not JSON text in UTF-8).
 */
export type FunctionAnswer =
  | { kind: 'returned'; body: string }
  | { kind: 'function-error'; message: string }
  | {
      kind: 'unreachable'
      /** What went wrong, for the operator's log. */
      reason: string
      retryable: boolean
      /**
       * The invocation error's code as Lambda names it (`ResourceNotFoundException`,
       * `AccessDeniedException`, ...), when the function was refused rather than lost: the client
       * then sees only the code, as Cognito shows it, and not the reason.
       */
      errorCode?: string
      /** The target refused the call for now (HTTP 429: Lambda's throttling, a webhook's). */
      throttled?: boolean
      /** The attempt ran out of its budget before the function answered. */
      timedOut?: boolean
    }
  | { kind: 'invalid-answer'; reason: string }
