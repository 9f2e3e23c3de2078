import { ResourceNotFoundException } from '../../errors/cognito'
import type { ResourceServer, UserPoolConfig } from '../model'
import type { UserPoolServices } from '../services'
import { resourceServerRecords } from '../store/pool-settings-store'

export async function createResourceServer(
  services: UserPoolServices,
  pool: UserPoolConfig,
  server: Omit<ResourceServer, 'UserPoolId'>,
): Promise<ResourceServer> {
  const record: ResourceServer = { UserPoolId: pool.Id, ...server, Scopes: server.Scopes ?? [] }
  return resourceServerRecords.create(services, pool.Id, record)
}

export async function getResourceServer(
  services: UserPoolServices,
  pool: UserPoolConfig,
  identifier: string,
): Promise<ResourceServer> {
  const record = await resourceServerRecords.find(services, pool.Id, identifier)
  if (!record) throw new ResourceNotFoundException(`Resource server ${identifier} does not exist.`)
  return record
}

/** UpdateResourceServer replaces the name and scope list, as Cognito does. */
export async function updateResourceServer(
  services: UserPoolServices,
  pool: UserPoolConfig,
  server: Omit<ResourceServer, 'UserPoolId'>,
): Promise<ResourceServer> {
  const record: ResourceServer = { UserPoolId: pool.Id, ...server, Scopes: server.Scopes ?? [] }
  return resourceServerRecords.replace(services, pool.Id, server.Identifier, () => record)
}

export async function deleteResourceServer(
  services: UserPoolServices,
  pool: UserPoolConfig,
  identifier: string,
): Promise<void> {
  await getResourceServer(services, pool, identifier)
  await resourceServerRecords.remove(services, pool.Id, identifier)
}

export async function listResourceServers(
  services: UserPoolServices,
  pool: UserPoolConfig,
  limit: number,
  after: string | undefined,
): Promise<{ servers: ResourceServer[]; next?: string }> {
  const page = await resourceServerRecords.list(services, pool.Id, limit, after)
  return page.next ? { servers: page.records, next: page.next } : { servers: page.records }
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
