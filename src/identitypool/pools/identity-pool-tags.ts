import { LimitExceededException, ResourceNotFoundException } from '../../errors/cognito'
import type { UserPoolServices } from '../../userpool/services'
import type { IdentityPoolConfig } from '../model'
import { changeIdentityPool, findIdentityPool } from '../store/pool-repository'
import { MAX_TAGS } from './identity-pools'

/** An identity pool's ARN: identity pools are the only taggable resource of the service. */
export const identityPoolArn = (region: string, identityPoolId: string): string =>
  `arn:aws:cognito-identity:${region}:000000000000:identitypool/${identityPoolId}`

async function poolForArn(services: UserPoolServices, arn: string): Promise<IdentityPoolConfig> {
  const id = /^arn:aws:cognito-identity:[\w-]+:\d{12}:identitypool\/([\w-]+:[0-9a-f-]+)$/.exec(
    arn,
  )?.[1]
  const pool = id ? await findIdentityPool(services, id) : null
  if (!pool || identityPoolArn(services.region, pool.IdentityPoolId) !== arn)
    throw new ResourceNotFoundException(`Resource ${arn.slice(0, 256)} does not exist.`)
  return pool
}

/** ListTagsForResource. */
export async function listIdentityPoolTags(
  services: UserPoolServices,
  arn: string,
): Promise<Record<string, string>> {
  return (await poolForArn(services, arn)).IdentityPoolTags
}

/** TagResource: adds or replaces tags, at most 50 in all. */
export async function tagIdentityPool(
  services: UserPoolServices,
  arn: string,
  tags: Record<string, string>,
): Promise<void> {
  const pool = await poolForArn(services, arn)
  await changeIdentityPool(services, pool.IdentityPoolId, (current) => {
    const next = { ...current.IdentityPoolTags, ...tags }
    if (Object.keys(next).length > MAX_TAGS)
      throw new LimitExceededException(`An identity pool can have at most ${MAX_TAGS} tags.`)
    return { ...current, IdentityPoolTags: next }
  })
}

/** UntagResource: removes the named tags (absent ones are ignored). */
export async function untagIdentityPool(
  services: UserPoolServices,
  arn: string,
  keys: string[],
): Promise<void> {
  const pool = await poolForArn(services, arn)
  await changeIdentityPool(services, pool.IdentityPoolId, (current) => ({
    ...current,
    IdentityPoolTags: Object.fromEntries(
      Object.entries(current.IdentityPoolTags).filter(([key]) => !keys.includes(key)),
    ),
  }))
}
