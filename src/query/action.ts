import type { QueryCaller } from '../http/sigv4/caller-signature'
import type { LoginEndpoints } from '../identitypool/logins/endpoints'
import type { UserPoolServices } from '../userpool/services'
import type { QueryParams } from './params'
import type { OutputValue } from './response'

/** What an action is handed besides its parameters. */
export interface QueryContext {
  services: UserPoolServices
  requestId: string
  /** The origin this Worker's token issuers are under (the identity pools': `{origin}/identity`). */
  issuerOrigin: string
  /** Where the public login providers' tokens are checked. */
  loginEndpoints: LoginEndpoints
  /** Who signed the request, for actions that ask (`auth: 'caller'`). */
  caller?: QueryCaller
}

/**
 * One operation of a query-protocol service: it reads its input from the form (checking the
 * model's constraints) and answers the content of `<{Action}Result>`, or nothing for operations
 * that answer only the request id. Every action must be signed with an admin key, but those AWS
 * calls without a signature (`auth: 'public'`: STS's AssumeRoleWithWebIdentity) and those any
 * credentials may call, role sessions' included (`auth: 'caller'`: STS's GetCallerIdentity).
 */
export interface QueryAction {
  auth?: 'public' | 'caller'
  run(params: QueryParams, context: QueryContext): Promise<Record<string, OutputValue> | undefined>
}

/**
 * A query-protocol service on the shared route: the `Version` its requests carry, its XML namespace,
 * the service name its SigV4 scope must have, and its actions by name.
 */
export interface QueryService {
  version: string
  namespace: string
  signingName: string
  actions: Readonly<Record<string, QueryAction>>
}
