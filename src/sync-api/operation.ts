import type { Wire } from '../api/target'
import type { Shape } from '../api/validation/shape'
import type { SyncCaller } from '../sync/model'
import type { SyncServices } from '../sync/services'

/** What an operation sees of the request beyond its input. */
export interface SyncContext {
  services: SyncServices
  /** Who signed the request, already authorised for this operation on this identity. */
  caller: SyncCaller
  requestId: string
  /** Where callers reach this Worker (PUBLIC_ORIGIN, else the request's): for URLs a sync hands out. */
  origin: string
}

/** Where a member travels when not in the JSON body (path labels are named in `path`). */
export interface Bindings {
  /** Query parameter → member; `integer` ones are read as numbers (the model's `IntegerString`, `Long`). */
  query?: Record<string, { member: string; integer?: boolean }>
  /** Header (lower case) → member. */
  headers?: Record<string, string>
}

/**
 * One Cognito Sync operation, as the model's `http` trait and input shape describe it.
 * - `access: 'identity'`: admin keys, or the named identity's own session credentials when its
 *   role's policies allow `cognito-sync:{name}` on the identity's (or dataset's) ARN;
 * - `access: 'admin'`: admin keys (developer credentials) only, as the model says of
 *   configuration, events, bulk publish and pool usage.
 */
export interface SyncOperation<I, O> {
  name: string
  method: 'GET' | 'POST' | 'DELETE'
  /** The model's `requestUri`, labels in braces: `/identitypools/{IdentityPoolId}/…`. */
  path: string
  access: 'identity' | 'admin'
  bindings?: Bindings
  /** Labels, bound members and body members together, checked against the model's constraints. */
  input: Shape<I>
  handle(input: I, context: SyncContext): Promise<Wire<O>>
}

/**
 * Defines an operation whose output is the SDK's `…Response` type `O` (type-only: nothing of the
 * SDK is bundled), as it travels on the REST-JSON wire (dates as epoch seconds).
 *
 * @example
 * export const listDatasets = defineSyncOperation<ListDatasetsResponse>()({ name: 'ListDatasets', … })
 */
export function defineSyncOperation<O extends object>() {
  return <I>(operation: SyncOperation<I, O>): SyncOperation<I, O> => operation
}

/** An operation of any input and output, as the router holds them. */
export type AnySyncOperation = SyncOperation<unknown, object>

/** Epoch ms as the wire's timestamps: epoch seconds, with the milliseconds as a fraction. */
export const wireDate = (epochMs: number): number => epochMs / 1000
