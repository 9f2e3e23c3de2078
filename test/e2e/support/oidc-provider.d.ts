// oidc-provider ships no type declarations; the tests use this much of it.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http'

  /** The little of Koa's context a test middleware touches. */
  export interface ProviderContext {
    method: string
    path: string
    req: IncomingMessage
    request: { body?: unknown }
    status: number
    body: unknown
  }

  export default class Provider {
    /** Koa middleware around every route of the provider. */
    use(middleware: (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>): void
    constructor(issuer: string, configuration: Record<string, unknown>)
    proxy: boolean
    callback(): (request: IncomingMessage, response: ServerResponse) => void
  }
}
