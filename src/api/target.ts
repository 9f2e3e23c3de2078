import type { UserPoolServices } from '../userpool/services'
import type { Shape } from './validation/shape'

/** What a target sees of the request beyond its input. */
export interface TargetContext {
  services: UserPoolServices
  /** Origin that token issuers are built from: `{origin}/{poolId}`. */
  issuerOrigin: string
  requestId: string
  sourceIp: string | undefined
}

/**
 * One Cognito action: its input shape, who may call it, and the handler that translates the input
 * to a domain call and the result back to Cognito's output shape.
 * - `public`: anyone (ClientId/SecretHash or an access token are checked by the handler's domain call);
 * - `sigv4`: an admin key pair must sign the request.
 */
export interface Target<I> {
  auth: 'public' | 'sigv4'
  /** Attempts at a secret (password, SRP claim, code): counted per client IP before the input is read. */
  limitedPerIp?: boolean
  input: Shape<I>
  handle(input: I, context: TargetContext): Promise<object>
}

export function defineTarget<I>(target: Target<I>): Target<I> {
  return target
}

/** A target with its input type erased, as the dispatcher holds it. */
export interface AnyTarget {
  auth: Target<unknown>['auth']
  limitedPerIp?: boolean
  input: Shape<unknown>
  handle(input: never, context: TargetContext): Promise<object>
}

/** Targets by operation name, as a group of files contributes them. */
export type TargetTable = Record<string, AnyTarget>
