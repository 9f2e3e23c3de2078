import type { LoginEndpoints } from '../identitypool/logins/endpoints'
import type { RequestSignals } from '../userpool/risk/signals'
import type { UserPoolServices } from '../userpool/services'
import type { Shape } from './validation/shape'

/** What a target sees of the request beyond its input. */
export interface TargetContext {
  services: UserPoolServices
  /** Origin that token issuers are built from: `{origin}/{poolId}`. */
  issuerOrigin: string
  /** Where identity pools check public providers' logins. */
  loginEndpoints: LoginEndpoints
  requestId: string
  sourceIp: string | undefined
  /** The calling SDK as trigger events name it (`callerContext.awsSdkVersion`). */
  awsSdkVersion: string
  /** What the edge says about where the request comes from (threat protection). */
  signals: RequestSignals
}

/**
 * An SDK shape as it travels on the AWS JSON wire: the SDK turns epoch seconds into `Date` and
 * base64 into bytes when it reads a response; a handler returns what is sent.
 */
export type Wire<T> = T extends Date
  ? number
  : T extends Uint8Array
    ? string
    : T extends readonly (infer E)[]
      ? Wire<E>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T

/**
 * `R` with every member that `O` does not declare, at any depth, typed `never`; an unknown shape
 * (`object`, which could hold anything) is `never` as a whole.
 */
type Exact<R, O> = R extends string | number | boolean | null | undefined
  ? R
  : R extends readonly (infer E)[]
    ? Exact<E, NonNullable<O> extends readonly (infer F)[] ? F : never>[]
    : [keyof R] extends [never]
      ? string extends R
        ? R
        : never
      : {
          [K in keyof R]: K extends keyof NonNullable<O>
            ? Exact<R[K], NonNullable<NonNullable<O>[K]>>
            : never
        }

/** The output of an operation whose service model returns nothing (the SDK has no Response type). */
export type NoOutput = Record<never, never>

/**
 * One Cognito action: its input shape, who may call it, and the handler that translates the input
 * to a domain call and the result back to Cognito's output shape.
 * - `public`: anyone (ClientId/SecretHash or an access token are checked by the handler's domain call);
 * - `sigv4`: an admin key pair must sign the request.
 */
export interface Target<I, O> {
  auth: 'public' | 'sigv4'
  /** Attempts at a secret (password, SRP claim, code): counted per client IP before the input is read. */
  limitedPerIp?: boolean
  input: Shape<I>
  handle(input: I, context: TargetContext): Promise<O>
}

/**
 * Defines the target of an operation whose output is the SDK's `…Response` type `O` (a type-only
 * import: nothing of the SDK is bundled). The input type comes from the shape; the handler must
 * return `O` as it is on the wire, and a member `O` does not declare, at any depth, or a member of
 * the wrong type fails the typecheck, so nothing internal reaches a client by accident.
 *
 * @example
 * export const getGroup = defineTarget<GetGroupResponse>()({
 *   auth: 'sigv4',
 *   input: structure({ GroupName, UserPoolId }, ['GroupName', 'UserPoolId']),
 *   async handle(input, { services }) { return { Group: groupType(await find(services, input)) } },
 * })
 */
export function defineTarget<O extends object>() {
  return <I, R extends Wire<O>>(
    target: Target<I, R> & {
      handle(input: I, context: TargetContext): Promise<NoInfer<Exact<R, Wire<O>>>>
    },
  ): Target<I, Wire<O>> => target
}

/** A target with its input type erased, as the dispatcher holds it. */
export interface AnyTarget {
  auth: Target<unknown, object>['auth']
  limitedPerIp?: boolean
  input: Shape<unknown>
  handle(input: never, context: TargetContext): Promise<object>
}

/** Targets by operation name, as a group of files contributes them. */
export type TargetTable = Record<string, AnyTarget>
