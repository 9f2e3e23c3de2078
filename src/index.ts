import { waitUntil } from 'cloudflare:workers'
import { createApp } from './app'
import { runtimeFor } from './config'
import type { Env } from './env'

export { PoolRegistryObject } from './storage/do/pool-registry-object'
export { UserPoolObject } from './storage/do/user-pool-object'
export { UserDirectoryObject } from './storage/do/user-directory-object'
export { IdentityPoolObject } from './storage/do/identity-pool-object'
export { IdentityDirectoryObject } from './storage/do/identity-directory-object'
export { RateLimiterObject } from './storage/do/rate-limiter-object'
export { GatewaySessionObject } from './storage/do/gateway-session-object'
export { IamAccountObject } from './storage/do/iam-account-object'
export { SyncIdentityObject } from './storage/do/sync-identity-object'

const app = createApp({ runtime: (env) => runtimeFor(env, waitUntil) })

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>
