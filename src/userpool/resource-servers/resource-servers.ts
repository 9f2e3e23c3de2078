import { storeKey, storeKeyPrefix } from '../../storage/keys'
import { InvalidParameterException, ResourceNotFoundException } from '../../errors/cognito'
import type { UserPoolConfig } from '../model'
import { invalidatePoolCache } from '../store/pool-repository'
import type { UserPoolServices } from '../services'

/** Cognito's ResourceServerType: custom scopes are `${Identifier}/${ScopeName}`. */
export interface ResourceServer {
  UserPoolId: string
  Identifier: string
  Name: string
  Scopes: Array<{ ScopeName: string; ScopeDescription: string }>
}

const key = (identifier: string) => storeKey('resource-server', identifier)
const PREFIX = storeKeyPrefix('resource-server')

export async function createResourceServer(
  services: UserPoolServices,
  pool: UserPoolConfig,
  server: Omit<ResourceServer, 'UserPoolId'>,
): Promise<ResourceServer> {
  const record: ResourceServer = { UserPoolId: pool.Id, ...server, Scopes: server.Scopes ?? [] }
  const result = await services.stores.pool(pool.Id).commit({
    expect: [{ key: key(server.Identifier), version: 0 }],
    put: [{ key: key(server.Identifier), value: record }],
  })
  if (!result.ok)
    throw new InvalidParameterException(
      `${server.Identifier} already exists in user pool ${pool.Id}.`,
    )
  invalidatePoolCache(pool.Id)
  return record
}

export async function getResourceServer(
  services: UserPoolServices,
  pool: UserPoolConfig,
  identifier: string,
): Promise<ResourceServer> {
  const record = await services.stores.pool(pool.Id).get<ResourceServer>(key(identifier))
  if (!record) throw new ResourceNotFoundException(`Resource server ${identifier} does not exist.`)
  return record.value
}

/** UpdateResourceServer replaces the name and scope list, as Cognito does. */
export async function updateResourceServer(
  services: UserPoolServices,
  pool: UserPoolConfig,
  server: Omit<ResourceServer, 'UserPoolId'>,
): Promise<ResourceServer> {
  const current = await services.stores.pool(pool.Id).get<ResourceServer>(key(server.Identifier))
  if (!current)
    throw new ResourceNotFoundException(`Resource server ${server.Identifier} does not exist.`)
  const record: ResourceServer = { UserPoolId: pool.Id, ...server, Scopes: server.Scopes ?? [] }
  const result = await services.stores.pool(pool.Id).commit({
    expect: [{ key: key(server.Identifier), version: current.version }],
    put: [{ key: key(server.Identifier), value: record }],
  })
  if (!result.ok)
    throw new InvalidParameterException('The resource server was modified concurrently; try again.')
  invalidatePoolCache(pool.Id)
  return record
}

export async function deleteResourceServer(
  services: UserPoolServices,
  pool: UserPoolConfig,
  identifier: string,
): Promise<void> {
  await getResourceServer(services, pool, identifier)
  await services.stores.pool(pool.Id).commit({ delete: [key(identifier)] })
  invalidatePoolCache(pool.Id)
}

export async function listResourceServers(
  services: UserPoolServices,
  pool: UserPoolConfig,
  limit: number,
  after: string | undefined,
): Promise<{ servers: ResourceServer[]; next?: string }> {
  const page = await services.stores
    .pool(pool.Id)
    .list<ResourceServer>(PREFIX, { limit, ...(after ? { after: key(after) } : {}) })
  const servers = page.records.map((r) => r.value)
  return page.next ? { servers, next: servers[servers.length - 1]!.Identifier } : { servers }
}

/** Every custom scope the pool defines, as `identifier/scope`. */
export async function customScopes(
  services: UserPoolServices,
  pool: UserPoolConfig,
): Promise<Set<string>> {
  const scopes = new Set<string>()
  let after: string | undefined
  for (;;) {
    const page = await listResourceServers(services, pool, 50, after)
    for (const server of page.servers)
      for (const scope of server.Scopes) scopes.add(`${server.Identifier}/${scope.ScopeName}`)
    if (!page.next) return scopes
    after = page.next
  }
}
